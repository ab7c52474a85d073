using System.Runtime.CompilerServices;
using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

public abstract partial class LedgerStore
{
    public abstract IAsyncEnumerable<StoredEnvelope> ReadEnvelopesAsync(long fromPosition = 1, CancellationToken cancellationToken = default);

    /// <summary>One author's stored envelopes in seq order, with their positions and recorded times.</summary>
    protected abstract IAsyncEnumerable<StoredEnvelope> ReadStreamEnvelopesAsync(IdentityId stream, CancellationToken cancellationToken);

    /// <summary>The stored envelope at this stream and seq, or null.</summary>
    protected abstract Task<StoredEnvelope?> FindEnvelopeAsync(IdentityId stream, long seq, CancellationToken cancellationToken);

    /// <summary>The stream's stored envelopes with seq greater than <paramref name="afterSeq"/>, in seq order (outside any append).</summary>
    protected abstract Task<IReadOnlyList<byte[]>> ReadStreamAfterAsync(IdentityId stream, long afterSeq, CancellationToken cancellationToken);

    public abstract Task<Checkpoint> HeadAsync(CancellationToken cancellationToken = default);

    public IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, CancellationToken cancellationToken = default) =>
        ParseAsync(ReadEnvelopesAsync(fromPosition, cancellationToken), cancellationToken);

    public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(IdentityId stream, CancellationToken cancellationToken = default) =>
        ParseAsync(ReadStreamEnvelopesAsync(stream, cancellationToken), cancellationToken);

    public async Task<RecordedEvent?> FindAsync(IdentityId stream, long seq, CancellationToken cancellationToken = default) =>
        await FindEnvelopeAsync(stream, seq, cancellationToken).ConfigureAwait(false) is { } stored
            ? Parse(stored, out var problem) ?? throw Damaged(stored.Position, problem)
            : null;

    public Task<StreamHead?> GetStreamHeadAsync(IdentityId stream, CancellationToken cancellationToken = default) =>
        HeadAsync(stream, ReadStreamAfterAsync, cancellationToken);

    public async Task<IReadOnlyDictionary<IdentityId, StreamHead?>> GetStreamHeadsAsync(IReadOnlyCollection<IdentityId> streams,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streams);
        // One read of the ledger's size instead of a query per stream, when this handle knows every stream at that size.
        bool known = _heads.IsCompleteAt((await HeadAsync(cancellationToken).ConfigureAwait(false)).Size);
        var heads = new Dictionary<IdentityId, StreamHead?>(streams.Count);
        foreach (var stream in streams)
            heads[stream] = known ? _heads.Find(stream) : await GetStreamHeadAsync(stream, cancellationToken).ConfigureAwait(false);
        return heads;
    }

    /// <summary>
    /// Stored rows as events, parsed a batch at a time on all cores: parsing (canonical form, id) costs far more than
    /// reading, and every reader (replay, integrity check, export) waits on it. A row that does not parse, or whose
    /// recorded time is missing or unreadable, stops the read with the one "damaged" message.
    /// </summary>
    private async IAsyncEnumerable<RecordedEvent> ParseAsync(IAsyncEnumerable<StoredEnvelope> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int Batch = 2048;
        var stored = new List<StoredEnvelope>(Batch);
        var parsed = new RecordedEvent?[Batch];
        var problems = new string?[Batch];
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            stored.Add(row);
            if (stored.Count < Batch) continue;
            foreach (var e in ParseBatch(stored, parsed, problems)) yield return e;
            stored.Clear();
        }
        foreach (var e in ParseBatch(stored, parsed, problems)) yield return e;
    }

    private IEnumerable<RecordedEvent> ParseBatch(List<StoredEnvelope> stored, RecordedEvent?[] parsed, string?[] problems)
    {
        if (stored.Count < 64) for (int i = 0; i < stored.Count; i++) parsed[i] = Parse(stored[i], out problems[i]);
        else Parallel.For(0, stored.Count, i => parsed[i] = Parse(stored[i], out problems[i]));
        for (int i = 0; i < stored.Count; i++)
            yield return parsed[i] ?? throw Damaged(stored[i].Position, problems[i]);
    }

    private static RecordedEvent? Parse(StoredEnvelope stored, out string? problem)
    {
        if (!SignedEvent.TryParse(stored.Bytes, out var signed, out problem)) return null;
        if (stored.Recorded is not { } recorded) { problem = "its recorded time is missing or unreadable"; return null; }
        return new RecordedEvent(signed, stored.Position, recorded);
    }

    private LedgerStoreException Damaged(long position, string? problem) =>
        new($"The event at position {position} in {Description} is damaged: {problem}. Run Test-LedgerIntegrity.");
}
