namespace CreatorLedger;

/// <summary>What Export-LedgerEvent wrote.</summary>
public sealed class ExportResult
{
    public string Path { get; init; } = "";
    public long Events { get; init; }
    public string Checkpoint { get; init; } = "";

    /// <summary>Signed checkpoints written beside the file (in <see cref="CheckpointsPath"/>).</summary>
    public int SignedCheckpoints { get; init; }

    /// <summary>The .checkpoints file written beside the events, or null when the ledger has no signed checkpoint.</summary>
    public string? CheckpointsPath { get; init; }
}
