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
    public static Task<ImportOutcome> ImportAsync(IEventStore store, IEnumerable<(long Line, byte[] Bytes)> lines,
        TimeProvider? clock = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default, bool eachOnce = false) =>
        ImportAsync(store, Verify([.. lines], progress, cancellationToken), clock, progress, cancellationToken, eachOnce);

    /// <summary>
    /// Parses every line and verifies its signature, on all cores: what needs no store, so that a mirror verifies one
    /// batch while it writes the one before. The first bad line, in order, is refused.
    /// </summary>
    /// <param name="progress">Hears how many lines are verified (from any thread, in steps of 1,000).</param>
    public static IReadOnlyList<(long Line, SignedEvent Event)> Verify(IReadOnlyList<(long Line, byte[] Bytes)> lines, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        long done = 0;
        var events = new SignedEvent?[lines.Count];
        var problems = new string?[lines.Count];
        int firstBad = int.MaxValue;
        Parallel.For(0, lines.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            // A line after a bad one need not be verified: the batch is refused at the first.
            if (i > Volatile.Read(ref firstBad)) return;
            if (SignedEvent.TryParse(lines[i].Bytes, out var signed, out var problem) && signed.HasValidSignature())
            {
                // Read here, on all cores, rather than by the chain rules on the one thread that writes.
                signed.ListProblem();
                events[i] = signed;
            }
            else
            {
                (events[i], problems[i]) = (signed, problem);
                int seen;
                while (i < (seen = Volatile.Read(ref firstBad)) && Interlocked.CompareExchange(ref firstBad, i, seen) != seen) { }
            }
            if (progress is not null && Interlocked.Increment(ref done) % 1000 == 0) progress.Report(Interlocked.Read(ref done));
        });
        if (firstBad != int.MaxValue)
        {
            var line = lines[firstBad].Line;
            if (events[firstBad] is not { } e) throw new EventRejectedException(new ChainViolation(ViolationCode.Malformed, null, 0, null, problems[firstBad] ?? "not an envelope"), line);
            throw new EventRejectedException(new ChainViolation(ViolationCode.BadSignature, e.Stream, e.Seq, e.Id, $"the signature does not verify under {e.Key}"), line);
        }
        var parsed = new (long Line, SignedEvent Event)[lines.Count];
        for (int i = 0; i < parsed.Length; i++) parsed[i] = (lines[i].Line, events[i]!);
        return parsed;
    }

    /// <summary>Imports lines already parsed and verified (<see cref="Verify"/>): their places in their chains are checked against the store, then they are appended at once.</summary>
    public static async Task<ImportOutcome> ImportAsync(IEventStore store, IReadOnlyList<(long Line, SignedEvent Event)> parsed,
        TimeProvider? clock = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default, bool eachOnce = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(parsed);
        progress?.Report(parsed.Count);
        var latest = LedgerTime.From((clock ?? TimeProvider.System).GetUtcNow() + AppendRules.MaxClockSkew);
        var heads = new Dictionary<IdentityId, StreamHead?>(
            await store.GetStreamHeadsAsync([.. parsed.Select(p => p.Event.Stream).Distinct()], cancellationToken).ConfigureAwait(false));
        var fresh = new List<SignedEvent>();
        // Where each stream's seq was taken by these lines, and by which event: a fork or a repeat names the other line.
        var taken = new Dictionary<(IdentityId, long), (long Line, EventId Id)>();
        long present = 0;
        foreach (var (line, e) in parsed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var head = heads[e.Stream];
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
