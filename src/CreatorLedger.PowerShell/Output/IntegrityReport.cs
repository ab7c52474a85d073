namespace CreatorLedger;

/// <summary>The result of Test-LedgerIntegrity.</summary>
public sealed class IntegrityReport
{
    public bool Valid { get; init; }
    public long Events { get; init; }
    public long Streams { get; init; }
    public string Checkpoint { get; init; } = "";
    public IntegrityProblem[] Problems { get; init; } = [];
}
