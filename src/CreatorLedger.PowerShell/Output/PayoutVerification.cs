namespace CreatorLedger;

/// <summary>What Test-LedgerPayout found: whether the statement file is the one published, and whether the ledger yields it.</summary>
public sealed class PayoutVerification
{
    public string Path { get; init; } = "";
    public string Statement { get; init; } = "";
    public bool Published { get; init; }
    public string? PublishedBy { get; init; }
    public string? Checkpoint { get; init; }
    public bool Reproduced { get; init; }
    public int Lines { get; init; }
    public string Total { get; init; } = "";
    public string[] Differences { get; init; } = [];

    /// <summary>Published and reproduced: the statement can be trusted.</summary>
    public bool Valid => Published && Reproduced;
}
