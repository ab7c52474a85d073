using CreatorLedger.Base;
using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// What every store checks before it writes, in one place: signatures and lists of works (no store state needed, so
/// checked in parallel before any lock is taken), then — inside the store's write transaction — the expected revision,
/// the chain rules and the clock rule (at most 5 minutes ahead of the store's clock).
/// </summary>
public static class AppendRules
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Throws <see cref="EventRejectedException"/> for the first event whose signature does not verify.</summary>
    public static void VerifySignatures(IReadOnlyList<SignedEvent> events, Func<int, long?>? lineOf = null)
    {
        var bad = FirstBadSignature(events);
        if (bad >= 0)
        {
            var e = events[bad];
            throw new EventRejectedException(
                new ChainViolation(ViolationCode.BadSignature, e.Stream, e.Seq, e.Id, $"the signature does not verify under {e.Key}"),
                lineOf?.Invoke(bad));
        }
    }

    /// <summary>
    /// Reads the lists of works a batch registers on every core, ahead of the chain check (which then finds each
    /// answer ready): a list needs no store state, and a folder's registration is mostly lists.
    /// </summary>
    public static void ReadLists(IReadOnlyList<SignedEvent> events)
    {
        if (events.Count(e => e.Type == EventTypes.WorkRegistered) < 2) return;
        Parallel.For(0, events.Count, AllCores.Options(), i => events[i].ListProblem());
    }

    /// <summary>Index of the first event whose signature fails, or -1. Verifies on all cores for large batches.</summary>
    public static int FirstBadSignature(IReadOnlyList<SignedEvent> events)
    {
        if (events.Count < 64)
        {
            for (int i = 0; i < events.Count; i++)
                if (!events[i].HasValidSignature()) return i;
            return -1;
        }
        int first = int.MaxValue;
        Parallel.For(0, events.Count, AllCores.Options(), i =>
        {
            if (i < Volatile.Read(ref first) && !events[i].HasValidSignature())
            {
                int seen;
                do { seen = Volatile.Read(ref first); }
                while (i < seen && Interlocked.CompareExchange(ref first, i, seen) != seen);
            }
        });
        return first == int.MaxValue ? -1 : first;
    }

    /// <summary>
    /// Checks a batch against the stores' current heads, inside the write transaction. Returns the new head of
    /// every stream touched. Throws <see cref="WrongExpectedRevisionException"/> or <see cref="EventRejectedException"/>.
    /// </summary>
    public static IReadOnlyDictionary<IdentityId, StreamHead> Check(
        IReadOnlyList<StreamAppend> appends, Func<IdentityId, StreamHead?> currentHead, DateTimeOffset now)
    {
        var latest = LedgerTime.From(now + MaxClockSkew);
        var heads = new Dictionary<IdentityId, StreamHead?>();
        foreach (var append in appends)
        {
            if (!heads.TryGetValue(append.Stream, out var head)) head = heads[append.Stream] = currentHead(append.Stream);
            long actual = head?.Seq ?? 0;
            if (actual != append.Expected.Revision) throw new WrongExpectedRevisionException(append.Stream, append.Expected, actual);
            foreach (var e in append.Events)
            {
                if (e.Stream != append.Stream)
                    throw new ArgumentException($"An event of stream {e.Stream} was given for stream {append.Stream}.", nameof(appends));
                if (e.At > latest)
                    throw new EventRejectedException(new ChainViolation(ViolationCode.TimeInFuture, e.Stream, e.Seq, e.Id,
                        $"at {e.At} is more than {MaxClockSkew.TotalMinutes} minutes ahead of the store's clock ({LedgerTime.From(now)})"));
                var step = ChainRules.Next(head, e);
                if (step.IsDuplicate || !step.IsValid)
                    throw new EventRejectedException(step.Violation ?? new ChainViolation(ViolationCode.Fork, e.Stream, e.Seq, e.Id, "the event is already in the stream"));
                head = step.Head;
            }
            heads[append.Stream] = head;
        }
        return heads.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
    }
}
