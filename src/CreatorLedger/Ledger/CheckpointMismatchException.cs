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

    public static CheckpointMismatchException BeyondHead(Checkpoint requested, Checkpoint head) =>
        new(requested, head, $"Checkpoint {requested} is beyond this ledger's head ({head.Size} events).");

    public static CheckpointMismatchException OtherRoot(Checkpoint requested, Checkpoint actual) =>
        new(requested, actual, $"This ledger's root at size {requested.Size} is {actual.Root}, not {requested.Root}: it is another ledger, or this one was rewritten.");
}
