namespace CreatorLedger;

/// <summary>What Sync-Ledger did: the events the destination held before, those copied, and its checkpoint after.</summary>
public sealed class SyncResult
{
    public string Source { get; init; } = "";
    public string Destination { get; init; } = "";
    public long SourceEvents { get; init; }
    public long Before { get; init; }
    public long Copied { get; init; }
    public string Checkpoint { get; init; } = "";

    /// <summary>The source's signed checkpoints the destination did not keep yet, now kept.</summary>
    public int SignedCheckpoints { get; init; }
}
