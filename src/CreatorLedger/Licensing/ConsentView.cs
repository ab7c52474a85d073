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
    private ConsentView(LicenseView licenses, LedgerTime evaluatedAt, Checkpoint checkpoint)
    {
        Licenses = licenses;
        EvaluatedAt = evaluatedAt;
        Checkpoint = checkpoint;
    }

    /// <summary>The licensing facts that count for this view.</summary>
    public LicenseView Licenses { get; }

    /// <summary>The time validity windows and revocations are evaluated at.</summary>
    public LedgerTime EvaluatedAt { get; }

    /// <summary>The ledger the decisions were made on: its head (as of a time) or the checkpoint asked for.</summary>
    public Checkpoint Checkpoint { get; }

    public ConsentDecision Decide(ConsentRequest request) => ConsentRules.Decide(Licenses, request, EvaluatedAt, Checkpoint);

    /// <summary>The ledger as its authors had written it by <paramref name="asOf"/>; <paramref name="projection"/> must be at the ledger's head.</summary>
    public static ConsentView AsOf(LicenseProjection projection, LedgerTime asOf) =>
        new(projection.At(LedgerCut.AsOf(asOf)), asOf, HeadOf(projection));

    /// <summary>
    /// The first <c>size</c> events of the ledger, which must have the checkpoint's root; windows evaluated at
    /// <paramref name="evaluatedAt"/>. <paramref name="projection"/> must be at the head of <paramref name="store"/>.
    /// </summary>
    public static async Task<ConsentView> AtCheckpointAsync(IEventStore store, LicenseProjection projection, Checkpoint checkpoint,
        LedgerTime evaluatedAt, CancellationToken cancellationToken = default)
    {
        await store.VerifyCheckpointAsync(checkpoint, HeadOf(projection), cancellationToken).ConfigureAwait(false);
        return new(projection.At(LedgerCut.AtSize(checkpoint.Size)), evaluatedAt, checkpoint);
    }

    /// <summary>The same, on events held in memory (tests, small ledgers).</summary>
    public static ConsentView AtCheckpoint(IReadOnlyList<RecordedEvent> events, Checkpoint checkpoint, LedgerTime evaluatedAt)
    {
        var projection = LicenseProjection.From(events);
        var head = HeadOf(projection);
        if (checkpoint.Size > head.Size) throw CheckpointMismatchException.BeyondHead(checkpoint, head);
        var actual = MerkleTree.CheckpointOf(events.Take((int)checkpoint.Size).Select(e => e.Id));
        if (actual != checkpoint) throw CheckpointMismatchException.OtherRoot(checkpoint, actual);
        return new(projection.At(LedgerCut.AtSize(checkpoint.Size)), evaluatedAt, checkpoint);
    }

    /// <summary>The ledger of <paramref name="events"/> as of a time.</summary>
    public static ConsentView AsOf(IReadOnlyList<RecordedEvent> events, LedgerTime asOf) => AsOf(LicenseProjection.From(events), asOf);

    private static Checkpoint HeadOf(LicenseProjection projection) =>
        projection.Checkpoint is { } head && head.Size == projection.Position
            ? head
            : throw new InvalidOperationException("The projection has not been brought up to a ledger's head.");
}
