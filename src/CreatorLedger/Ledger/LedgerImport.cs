using System.Runtime.CompilerServices;
using CreatorLedger.Base;
using CreatorLedger.Events;

namespace CreatorLedger.Ledger;

/// <summary>
/// Imports a JSON Lines mirror: every line is parsed, its signature verified and its place in its chain checked
/// (against the store's heads and the lines before it), and all new events are appended as one atomic append, in file
/// order, so a mirror reproduces the source's checkpoint. Events the store already holds are skipped: importing the same
/// file twice is a no-op. The first bad line refuses the whole file, and nothing of it is written.
/// </summary>
public static class LedgerImport
{
    /// <summary>Lines read and verified at a time: one chunk is verified on all cores while the one before is checked and written.</summary>
    public const int Chunk = 4_096;

    /// <param name="lines">Read as they are needed, a chunk at a time, on a pool thread.</param>
    /// <param name="eachOnce">
    /// The lines are a ledger in its order (a mirror's source), which holds each event once: an event seen twice, in
    /// the lines or in the store, is refused as <see cref="ViolationCode.Duplicate"/> rather than skipped.
    /// </param>
    /// <param name="progress">Hears how many lines are verified.</param>
    /// <remarks>
    /// The store's write lock is held from the first chunk with new events to the commit, and those events are written
    /// inside the transaction while the following chunks are verified: verifying, checking and writing overlap, and a
    /// line refused after some were written still leaves the store as it was.
    /// </remarks>
    public static async Task<ImportOutcome> ImportAsync(IEventStore store, IEnumerable<(long Line, byte[] Bytes)> lines,
        TimeProvider? clock = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default, bool eachOnce = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lines);
        var check = new ImportCheck(store, clock, eachOnce);
        var result = await store.AppendAsOneAsync(check.FreshAsync(VerifiedAsync(lines, progress, cancellationToken), cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        return check.Outcome(result?.Head ?? await store.HeadAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The lines a chunk at a time, parsed and verified, the next chunk read and verified while this one is used.</summary>
    private static async IAsyncEnumerable<IReadOnlyList<(long Line, SignedEvent Event)>> VerifiedAsync(IEnumerable<(long Line, byte[] Bytes)> lines,
        IProgress<long>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var chunks = lines.Chunk(Chunk).GetEnumerator();
        // One chunk at a time is read and verified, on a pool thread: the enumerator is never used by two at once.
        Task<IReadOnlyList<(long Line, SignedEvent Event)>?> Next() =>
            Task.Run(() => chunks.MoveNext() ? Verify(chunks.Current, null, stop.Token) : null, stop.Token);
        var verifying = Next();
        long done = 0;
        try
        {
            while (await verifying.ConfigureAwait(false) is { } verified)
            {
                done += verified.Count;
                progress?.Report(done);
                verifying = Next();
                yield return verified;
            }
        }
        finally
        {
            // Whatever ended the import (a refused line, the caller), the chunk being verified is stopped and waited for.
            await stop.CancelAsync().ConfigureAwait(false);
            try { await verifying.ConfigureAwait(false); }
            catch (Exception) { /* the first failure is the one thrown */ }
        }
    }

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
        Parallel.For(0, lines.Count, AllCores.Options(cancellationToken), i =>
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
        var check = new ImportCheck(store, clock, eachOnce);
        var result = await store.AppendAsOneAsync(check.FreshAsync(new[] { parsed }.ToAsyncEnumerable(), cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        return check.Outcome(result?.Head ?? await store.HeadAsync(cancellationToken).ConfigureAwait(false));
    }
}
