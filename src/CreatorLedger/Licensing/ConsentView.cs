using CreatorLedger.Events;
using CreatorLedger.Ledger;

namespace CreatorLedger.Licensing;

/// <summary>
/// The ledger as a consent decision sees it (DESIGN §6 "as of"): either as of a time T — only events whose
/// <c>at</c> ≤ T count, windows evaluated at T — or at a checkpoint — only its first <c>size</c> events count, their
/// root must match, windows evaluated at a given time. A decision at a checkpoint is the same forever, whatever
/// is appended later.
/// </summary>
public sealed class ConsentView
{
    private ConsentView(LicenseProjection projection, LedgerTime evaluatedAt, Checkpoint checkpoint)
    {
        Projection = projection;
        EvaluatedAt = evaluatedAt;
        Checkpoint = checkpoint;
    }

    public LicenseProjection Projection { get; }

    /// <summary>The time validity windows and revocations are evaluated at.</summary>
    public LedgerTime EvaluatedAt { get; }

    /// <summary>The ledger the decisions were made on: its head (as of a time) or the checkpoint asked for.</summary>
    public Checkpoint Checkpoint { get; }

    public ConsentDecision Decide(ConsentRequest request) => ConsentRules.Decide(Projection, request, EvaluatedAt, Checkpoint);

    /// <summary>The ledger as its authors had written it by <paramref name="asOf"/>.</summary>
    public static ConsentView AsOf(IReadOnlyList<RecordedEvent> events, LedgerTime asOf) =>
        new(LicenseProjection.Replay(events, e => e.Event.At <= asOf), asOf, MerkleTree.CheckpointOf(events.Select(e => e.Id)));

    /// <summary>The first <c>size</c> events of the ledger, which must have the checkpoint's root; windows evaluated at <paramref name="evaluatedAt"/>.</summary>
    public static ConsentView AtCheckpoint(IReadOnlyList<RecordedEvent> events, Checkpoint checkpoint, LedgerTime evaluatedAt)
    {
        if (checkpoint.Size > events.Count)
            throw new CheckpointMismatchException(checkpoint, MerkleTree.CheckpointOf(events.Select(e => e.Id)),
                $"Checkpoint {checkpoint} is beyond this ledger's head ({events.Count} events).");
        var prefix = events.Take((int)checkpoint.Size).ToArray();
        var actual = MerkleTree.CheckpointOf(prefix.Select(e => e.Id));
        if (actual != checkpoint)
            throw new CheckpointMismatchException(checkpoint, actual,
                $"This ledger's root at size {checkpoint.Size} is {actual.Root}, not {checkpoint.Root}: it is another ledger, or this one was rewritten.");
        return new(LicenseProjection.Replay(prefix), evaluatedAt, checkpoint);
    }

    public static async Task<ConsentView> AsOfAsync(IEventStore store, LedgerTime asOf, CancellationToken cancellationToken = default) =>
        AsOf(await ReadAsync(store, cancellationToken).ConfigureAwait(false), asOf);

    public static async Task<ConsentView> AtCheckpointAsync(IEventStore store, Checkpoint checkpoint, LedgerTime evaluatedAt,
        CancellationToken cancellationToken = default) =>
        AtCheckpoint(await ReadAsync(store, cancellationToken).ConfigureAwait(false), checkpoint, evaluatedAt);

    private static async Task<List<RecordedEvent>> ReadAsync(IEventStore store, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in store.ReadAllAsync(1, cancellationToken).ConfigureAwait(false)) events.Add(e);
        return events;
    }
}
