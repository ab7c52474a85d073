using System.Runtime.CompilerServices;
using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// The chain check of one import, over its chunks in order: each verified line is placed in its stream, against the
/// store's head (read when the stream is first met) and the lines before it; what the store already holds is counted
/// and skipped, and the rest is turned into the appends that are written. A fork or a repeat names the other line.
/// </summary>
internal sealed class ImportCheck(IEventStore store, TimeProvider? clock, bool eachOnce)
{
    private readonly LedgerTime _latest = LedgerTime.From((clock ?? TimeProvider.System).GetUtcNow() + AppendRules.MaxClockSkew);
    private readonly Dictionary<IdentityId, StreamHead?> _heads = [];
    // Where each stream's seq was taken by these lines, and by which event.
    private readonly Dictionary<(IdentityId, long), (long Line, EventId Id)> _taken = [];
    private long _read, _fresh, _present;

    public ImportOutcome Outcome(Checkpoint head) => new(_read, _fresh, _present, head);

    /// <summary>The appends of each chunk's new events (chunks with none are passed over).</summary>
    public async IAsyncEnumerable<IReadOnlyList<StreamAppend>> FreshAsync(IAsyncEnumerable<IReadOnlyList<(long Line, SignedEvent Event)>> chunks,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var fresh = await CheckAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (fresh.Count > 0) yield return Appends(fresh);
        }
    }

    private async Task<List<SignedEvent>> CheckAsync(IReadOnlyList<(long Line, SignedEvent Event)> chunk, CancellationToken cancellationToken)
    {
        var unseen = chunk.Select(p => p.Event.Stream).Where(s => !_heads.ContainsKey(s)).Distinct().ToList();
        if (unseen.Count > 0)
            foreach (var (stream, head) in await store.GetStreamHeadsAsync(unseen, cancellationToken).ConfigureAwait(false)) _heads[stream] = head;
        var fresh = new List<SignedEvent>();
        foreach (var (line, e) in chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _read++;
            var head = _heads[e.Stream];
            if (_taken.TryGetValue((e.Stream, e.Seq), out var earlier))
            {
                if (earlier.Id != e.Id)
                    throw new EventRejectedException(new ChainViolation(ViolationCode.Fork, e.Stream, e.Seq, e.Id,
                        $"seq {e.Seq} of this stream is already taken by another event ({earlier.Id}) at line {earlier.Line}", earlier.Line), line);
                if (eachOnce)
                    throw new EventRejectedException(new ChainViolation(ViolationCode.Duplicate, e.Stream, e.Seq, e.Id,
                        $"the same event is at line {earlier.Line} already", earlier.Line), line);
                _present++;
                continue;
            }
            if (head is not null && e.Seq <= head.Seq)
            {
                var stored = await store.FindAsync(e.Stream, e.Seq, cancellationToken).ConfigureAwait(false);
                if (stored?.Id == e.Id && !eachOnce) { _present++; continue; }
                if (stored?.Id == e.Id)
                    throw new EventRejectedException(new ChainViolation(ViolationCode.Duplicate, e.Stream, e.Seq, e.Id,
                        $"the same event is stored already, at position {stored.Position}", stored.Position), line);
                throw new EventRejectedException(new ChainViolation(ViolationCode.Fork, e.Stream, e.Seq, e.Id,
                    $"seq {e.Seq} of this stream is already held by another event ({stored?.Id}) at position {stored?.Position} (the store is at seq {head.Seq})",
                    stored?.Position), line);
            }
            if (e.At > _latest)
                throw new EventRejectedException(new ChainViolation(ViolationCode.TimeInFuture, e.Stream, e.Seq, e.Id,
                    $"at {e.At} is more than {AppendRules.MaxClockSkew.TotalMinutes} minutes ahead of the store's clock"), line);
            var step = ChainRules.Next(head, e);
            if (!step.IsValid) throw new EventRejectedException(step.Violation!, line);
            _heads[e.Stream] = step.Head;
            _taken[(e.Stream, e.Seq)] = (line, e.Id);
            fresh.Add(e);
        }
        _fresh += fresh.Count;
        return fresh;
    }

    /// <summary>Consecutive events of one stream form one <see cref="StreamAppend"/>.</summary>
    private static List<StreamAppend> Appends(List<SignedEvent> fresh)
    {
        var appends = new List<StreamAppend>();
        int start = 0;
        for (int i = 1; i <= fresh.Count; i++)
        {
            if (i < fresh.Count && fresh[i].Stream == fresh[start].Stream) continue;
            var run = fresh.GetRange(start, i - start);
            appends.Add(new StreamAppend(run[0].Stream, ExpectedRevision.After(run[0].Seq - 1), run));
            start = i;
        }
        return appends;
    }
}
