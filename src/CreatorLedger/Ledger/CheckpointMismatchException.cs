namespace CreatorLedger.Ledger;

/// <summary>
/// A checkpoint does not describe this ledger: it is beyond the head, or the ledger's root at that size differs
/// (another ledger, or this one rewritten). Carries the checkpoint asked for and what the ledger holds.
/// </summary>
public sealed class CheckpointMismatchException(Checkpoint requested, Checkpoint actual, string message) : Exception(message)
{
    public Checkpoint Requested { get; } = requested;

    /// <summary>The ledger's head when the checkpoint is beyond it; else the ledger's checkpoint at the requested size.</summary>
    public Checkpoint Actual { get; } = actual;
}
