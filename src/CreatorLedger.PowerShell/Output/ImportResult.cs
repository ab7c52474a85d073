namespace CreatorLedger;

/// <summary>What Import-LedgerEvent did.</summary>
public sealed class ImportResult
{
    public string Path { get; init; } = "";
    public long Read { get; init; }
    public long Imported { get; init; }
    public long AlreadyPresent { get; init; }
    public string Checkpoint { get; init; } = "";

    /// <summary>Signed checkpoints read from the file's .checkpoints companion and kept.</summary>
    public int SignedCheckpoints { get; init; }
}
