using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// Imports a JSON Lines mirror: every line is parsed, its signature verified and its place in its chain checked
/// (against the store's heads and the lines before it) before anything is written; then all new events are
/// appended in one atomic call, in file order, so a mirror reproduces the source's checkpoint. Events the store
/// already holds are skipped: importing the same file twice is a no-op. The first bad line refuses the whole file.
/// </summary>
public static class LedgerImport
{
    /// <param name="eachOnce">
    /// The lines are a ledger in its order (a mirror's source), which holds each event once: an event seen twice, in
    /// the lines or in the store, is refused as <see cref="ViolationCode.Duplicate"/> rather than skipped.
    /// </param>
    public static async Task<ImportOutcome> ImportAsync(IEventStore store, IEnumerable<(long Line, byte[] Bytes)> lines,
        TimeProvider? clock = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default, bool eachOnce = false)
    {
        var parsed = new List<(long Line, SignedEvent Event)>();
        foreach (var (line, bytes) in lines)
        {
            if (!SignedEvent.TryParse(bytes, out var signed, out var problem))
                throw new EventRejectedException(new ChainViolation(ViolationCode.Malformed, null, 0, null, problem), line);
            parsed.Add((line, signed));
            if (parsed.Count % 1000 == 0) progress?.Report(parsed.Count);
        }

        var events = parsed.Select(p => p.Event).ToArray();
        AppendRules.VerifySignatures(events, i => parsed[i].Line);

        var latest = LedgerTime.From((clock ?? TimeProvider.System).GetUtcNow() + AppendRules.MaxClockSkew);
        var heads = new Dictionary<IdentityId, StreamHead?>();
        var fresh = new List<SignedEvent>();
        // Where each stream's seq was taken by these lines, and by which event: a fork or a repeat names the other line.
        var taken = new Dictionary<(IdentityId, long), (long Line, EventId Id)>();
        long present = 0;
        foreach (var (line, e) in parsed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!heads.TryGetValue(e.Stream, out var head))
                head = heads[e.Stream] = await store.GetStreamHeadAsync(e.Stream, cancellationToken).ConfigureAwait(false);
            if (taken.TryGetValue((e.Stream, e.Seq), out var earlier))
            {
                if (earlier.Id != e.Id)
                    throw new EventRejectedException(new ChainViolation(ViolationCode.Fork, e.Stream, e.Seq, e.Id,
                        $"seq {e.Seq} of this stream is already taken by another event ({earlier.Id}) at line {earlier.Line}", earlier.Line), line);
                if (eachOnce)
                    throw new EventRejectedException(new ChainViolation(ViolationCode.Duplicate, e.Stream, e.Seq, e.Id,
                        $"the same event is at line {earlier.Line} already", earlier.Line), line);
                present++;
                continue;
            }
            if (head is not null && e.Seq <= head.Seq)
            {
                var stored = await store.FindAsync(e.Stream, e.Seq, cancellationToken).ConfigureAwait(false);
                if (stored?.Id == e.Id && !eachOnce) { present++; continue; }
                if (stored?.Id == e.Id)
                    throw new EventRejectedException(new ChainViolation(ViolationCode.Duplicate, e.Stream, e.Seq, e.Id,
                        $"the same event is stored already, at position {stored.Position}", stored.Position), line);
                throw new EventRejectedException(new ChainViolation(ViolationCode.Fork, e.Stream, e.Seq, e.Id,
                    $"seq {e.Seq} of this stream is already held by another event ({stored?.Id}) at position {stored?.Position} (the store is at seq {head.Seq})",
                    stored?.Position), line);
            }
            if (e.At > latest)
                throw new EventRejectedException(new ChainViolation(ViolationCode.TimeInFuture, e.Stream, e.Seq, e.Id,
                    $"at {e.At} is more than {AppendRules.MaxClockSkew.TotalMinutes} minutes ahead of the store's clock"), line);
            var step = ChainRules.Next(head, e);
            if (!step.IsValid) throw new EventRejectedException(step.Violation!, line);
            heads[e.Stream] = step.Head;
            taken[(e.Stream, e.Seq)] = (line, e.Id);
            fresh.Add(e);
        }

        if (fresh.Count == 0)
            return new ImportOutcome(parsed.Count, 0, present, await store.HeadAsync(cancellationToken).ConfigureAwait(false));

        // Consecutive events of one stream form one StreamAppend; the whole list is one atomic append.
        var appends = new List<StreamAppend>();
        var expected = new Dictionary<IdentityId, long>();
        int start = 0;
        for (int i = 1; i <= fresh.Count; i++)
        {
            if (i < fresh.Count && fresh[i].Stream == fresh[start].Stream) continue;
            var run = fresh.GetRange(start, i - start);
            appends.Add(new StreamAppend(run[0].Stream, ExpectedRevision.After(run[0].Seq - 1), run));
            start = i;
        }
        var result = await store.AppendAsync(appends, cancellationToken).ConfigureAwait(false);
        progress?.Report(parsed.Count);
        return new ImportOutcome(parsed.Count, fresh.Count, present, result.Head);
    }
}
