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

    /// <summary>The furthest head known for <paramref name="stream"/>, or null.</summary>
    public StreamHead? Find(IdentityId stream)
    {
        lock (_lock) return _heads.GetValueOrDefault(stream);
    }

    /// <summary>Remembers a stored head, unless a further one is known already.</summary>
    public void Remember(StreamHead head)
    {
        lock (_lock)
            if (!_heads.TryGetValue(head.Stream, out var known) || known.Seq < head.Seq) _heads[head.Stream] = head;
    }
}
