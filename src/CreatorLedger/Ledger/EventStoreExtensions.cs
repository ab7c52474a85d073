using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

public static class EventStoreExtensions
{
    public static Task<AppendResult> AppendAsync(this IEventStore store, IdentityId stream, ExpectedRevision expected,
        IReadOnlyList<SignedEvent> events, CancellationToken cancellationToken = default) =>
        store.AppendAsync([new StreamAppend(stream, expected, events)], cancellationToken);

    /// <summary>
    /// The ledger's checkpoint at <paramref name="size"/> events (DESIGN §7): the head's when it is the head, else
    /// recomputed from the ids of the first <paramref name="size"/> events. Throws when the ledger is smaller.
    /// </summary>
    public static async Task<Checkpoint> CheckpointAtAsync(this IEventStore store, long size, CancellationToken cancellationToken = default)
    {
        var head = await store.HeadAsync(cancellationToken).ConfigureAwait(false);
        if (size > head.Size)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The ledger holds {head.Size} events.");
        if (size == head.Size) return head;
        var tree = new MerkleTree();
        await foreach (var stored in store.ReadEnvelopesAsync(1, cancellationToken).ConfigureAwait(false))
        {
            if (stored.Position > size) break;
            var id = stored.Id ?? (SignedEvent.TryParse(stored.Bytes, out var e, out var problem) ? e.Id
                : throw new LedgerStoreException($"The event at position {stored.Position} in '{store.Description}' is damaged: {problem}. Run Test-LedgerIntegrity."));
            tree.Append(id);
        }
        return tree.Checkpoint;
    }

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
}
