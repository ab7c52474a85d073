using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// The store contract (DESIGN §7). Every store keeps envelopes byte for byte, assigns gap-free positions in
/// append order, and enforces <see cref="AppendRules"/> before it writes: a refused append changes nothing.
/// </summary>
public interface IEventStore : IDisposable
{
    /// <summary>Where the events live, for messages (never holds a password).</summary>
    string Description { get; }

    /// <summary>Appends to one or more streams atomically, in the order given.</summary>
    Task<AppendResult> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends batches as they become ready, as one atomic append: each is checked against the streams' heads and the
    /// batches before it; if one is refused, or <paramref name="batches"/> ends in an exception, nothing is written.
    /// A store that can write ahead holds its write lock from the first batch to the commit; by default, the batches are
    /// all taken, then appended in one call. Null when the batches hold no event.
    /// </summary>
    async Task<AppendResult?> AppendAsOneAsync(IAsyncEnumerable<IReadOnlyList<StreamAppend>> batches, CancellationToken cancellationToken = default)
    {
        var appends = new List<StreamAppend>();
        await foreach (var batch in batches.WithCancellation(cancellationToken).ConfigureAwait(false)) appends.AddRange(batch);
        return appends.Any(a => a.Events.Count > 0) ? await AppendAsync(appends, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>Events in position order, starting at <paramref name="fromPosition"/> (1-based, inclusive).</summary>
    IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, CancellationToken cancellationToken = default);

    /// <summary>The stored bytes in position order, unparsed (for integrity checks, which must see damaged rows too).</summary>
    IAsyncEnumerable<StoredEnvelope> ReadEnvelopesAsync(long fromPosition = 1, CancellationToken cancellationToken = default);

    /// <summary>One author's events in seq order.</summary>
    IAsyncEnumerable<RecordedEvent> ReadStreamAsync(IdentityId stream, CancellationToken cancellationToken = default);

    /// <summary>The head of one stream, or null when it has no events.</summary>
    Task<StreamHead?> GetStreamHeadAsync(IdentityId stream, CancellationToken cancellationToken = default);

    /// <summary>The heads of several streams (null for one with no events): what a batch of an import or a sync checks against.</summary>
    async Task<IReadOnlyDictionary<IdentityId, StreamHead?>> GetStreamHeadsAsync(IReadOnlyCollection<IdentityId> streams,
        CancellationToken cancellationToken = default)
    {
        var heads = new Dictionary<IdentityId, StreamHead?>(streams.Count);
        foreach (var stream in streams) heads[stream] = await GetStreamHeadAsync(stream, cancellationToken).ConfigureAwait(false);
        return heads;
    }

    /// <summary>The event at this stream and seq, or null. (Ids are random, so stores key events by stream and seq.)</summary>
    Task<RecordedEvent?> FindAsync(IdentityId stream, long seq, CancellationToken cancellationToken = default);

    /// <summary>The ledger's size and Merkle root.</summary>
    Task<Checkpoint> HeadAsync(CancellationToken cancellationToken = default);

    /// <summary>The ids of the events at positions [<paramref name="fromPosition"/>, +<paramref name="count"/>) (fewer at the head), as 32 bytes each.</summary>
    Task<IReadOnlyList<byte[]>> ReadIdsAsync(long fromPosition, int count, CancellationToken cancellationToken = default);

    /// <summary>The ledger's checkpoint at an earlier size (at most the head's), read from the tree's tiles.</summary>
    Task<Checkpoint> CheckpointAtAsync(long size, CancellationToken cancellationToken = default);

    /// <summary>The RFC 9162 hash of each range of leaves, read from the tree's tiles (DESIGN §9: proofs in O(log n) reads).</summary>
    Task<IReadOnlyList<byte[]>> SubtreeHashesAsync(IReadOnlyList<TreeRange> ranges, CancellationToken cancellationToken = default);

    /// <summary>Keeps a signed checkpoint note, append-only, beside the events (false when it was kept already).</summary>
    Task<bool> AppendCheckpointNoteAsync(CheckpointNote note, CancellationToken cancellationToken = default);

    /// <summary>Every signed checkpoint note kept, in the order kept.</summary>
    IAsyncEnumerable<RecordedCheckpointNote> ReadCheckpointNotesAsync(CancellationToken cancellationToken = default);
}
