using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// Stream heads a store worked out, so that an append need not replay its author's stream each time. A cached head
/// is trusted only while the stream's stored last seq and id still match it: another process may have appended.
/// </summary>
public sealed class StreamHeadCache
{
    private readonly Dictionary<IdentityId, StreamHead> _heads = [];
    private readonly Lock _lock = new();

    /// <summary>The cached head of <paramref name="stream"/> if it is still its head (stored last seq and id), else null.</summary>
    public StreamHead? Find(IdentityId stream, long lastSeq, EventId lastId)
    {
        lock (_lock)
            return _heads.TryGetValue(stream, out var cached) && cached.Seq == lastSeq && cached.LastId == lastId ? cached : null;
    }

    /// <summary>Remembers heads after an append committed.</summary>
    public void Remember(IReadOnlyDictionary<IdentityId, StreamHead> heads)
    {
        lock (_lock)
            foreach (var (stream, head) in heads) _heads[stream] = head;
    }
}
