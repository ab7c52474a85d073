namespace CreatorLedger.Ledger;

/// <summary>The result of re-verifying a whole ledger: the recomputed checkpoint and every problem found.</summary>
public sealed record IntegrityReport(long Events, long Streams, Checkpoint Checkpoint, IReadOnlyList<IntegrityProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
