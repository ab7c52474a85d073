namespace CreatorLedger;

/// <summary>What Export-LedgerEvent wrote.</summary>
public sealed class ExportResult
{
    public string Path { get; init; } = "";
    public long Events { get; init; }
    public string Checkpoint { get; init; } = "";
}
