using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

public static class EventStoreExtensions
{
    public static Task<AppendResult> AppendAsync(this IEventStore store, IdentityId stream, ExpectedRevision expected,
        IReadOnlyList<SignedEvent> events, CancellationToken cancellationToken = default) =>
        store.AppendAsync([new StreamAppend(stream, expected, events)], cancellationToken);

    /// <summary>
    /// Checks that this ledger has <paramref name="checkpoint"/> (DESIGN §7): not beyond <paramref name="head"/>, and
    /// the same root at its size. Throws <see cref="CheckpointMismatchException"/> with the evidence otherwise.
    /// </summary>
    public static async Task VerifyCheckpointAsync(this IEventStore store, Checkpoint checkpoint, Checkpoint head, CancellationToken cancellationToken = default)
    {
        if (checkpoint.Size > head.Size) throw CheckpointMismatchException.BeyondHead(checkpoint, head);
        var actual = checkpoint.Size == head.Size ? head : await store.CheckpointAtAsync(checkpoint.Size, cancellationToken).ConfigureAwait(false);
        if (actual != checkpoint) throw CheckpointMismatchException.OtherRoot(checkpoint, actual);
    }

    /// <summary>The ledger's origin: that of the first signed checkpoint note kept, or null before any was.</summary>
    public static async Task<string?> OriginAsync(this IEventStore store, CancellationToken cancellationToken = default)
    {
        await foreach (var kept in store.ReadCheckpointNotesAsync(cancellationToken).ConfigureAwait(false)) return kept.Note.Origin;
        return null;
    }
}
