using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// Stream heads a store has worked out, so that an append need not replay its author's stream each time: a head is
/// brought up to date with only the events stored after it (by this process or any other), whose chain must follow
/// on from it. A head is remembered only once what it describes is stored, so it never runs ahead of its stream.
/// </summary>
internal sealed class StreamHeadCache
{
    private readonly Dictionary<IdentityId, StreamHead> _heads = [];
    private readonly Lock _lock = new();

    // The ledger's size at which every stream with events has its head here, or -1 when that is not known. Known only
    // for a store this handle has written to since it was empty (a new ledger, an empty mirror being synced): then one
    // read of the ledger's size tells whether anyone else wrote since, and a batch touching thousands of authors needs
    // no query per author. Heads are never dropped, or this could not hold.
    private long _completeAt = -1;

    /// <summary>The furthest head known for <paramref name="stream"/>, or null.</summary>
    public StreamHead? Find(IdentityId stream)
    {
        lock (_lock) return _heads.GetValueOrDefault(stream);
    }

    /// <summary>
    /// Whether the heads here are every stream's at a ledger of <paramref name="size"/> events: a stream not here then has
    /// none. True for an empty ledger when nothing is remembered.
    /// </summary>
    public bool IsCompleteAt(long size)
    {
        lock (_lock) return _completeAt == size || (size == 0 && _heads.Count == 0);
    }

    /// <summary>
    /// Remembers the heads of an append that took the ledger from <paramref name="before"/> events to <paramref name="after"/>
    /// (null when its events did not land right after the size read under the lock); if the heads were complete before
    /// it, they are complete after it.
    /// </summary>
    public void Stored(IEnumerable<StreamHead> heads, long? before, long after)
    {
        lock (_lock)
        {
            bool complete = before is { } size && (_completeAt == size || (size == 0 && _heads.Count == 0));
            foreach (var head in heads) Remember(head);
            if (complete) _completeAt = after;
        }
    }

    /// <summary>Remembers a stored head, unless a further one is known already.</summary>
    public void Remember(StreamHead head)
    {
        lock (_lock)
            if (!_heads.TryGetValue(head.Stream, out var known) || known.Seq < head.Seq) _heads[head.Stream] = head;
    }
}
