using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// Re-verifies a ledger from its bytes alone, as anyone holding a copy can: every envelope parses, every signature
/// verifies (on all cores, in chunks), every chain holds, no author's time runs ahead of the store's record, and
/// the Merkle root is recomputed. Problems are collected with their evidence rather than stopping at the first.
/// </summary>
public sealed class LedgerVerifier
{
    private const int Chunk = 4096;
    private const int MaxProblems = 1000;
    private readonly Dictionary<IdentityId, StreamHead> _heads = [];
    private readonly List<IntegrityProblem> _problems = [];
    private List<(long Position, SignedEvent Event, LedgerTime? Recorded)> _pending = new(Chunk);
    // Chunks whose signatures are being checked on other cores while the caller reads the next chunk.
    private readonly Queue<(List<(long Position, SignedEvent Event, LedgerTime? Recorded)> Events, Task Verified)> _inflight = new();
    private readonly MerkleTree _tree = new();
    private long _events;

    public void Add(long position, ReadOnlySpan<byte> bytes, LedgerTime? recorded = null)
    {
        _events++;
        if (!SignedEvent.TryParse(bytes, out var signed, out var problem))
        {
            Report(position, null, null, 0, ViolationCode.Malformed.ToString(), problem);
            return;
        }
        _pending.Add((position, signed, recorded));
        if (_pending.Count == Chunk) Dispatch();
    }

    /// <summary>Adds an event a store has already parsed (its signature is still checked here).</summary>
    public void Add(RecordedEvent recorded)
    {
        _events++;
        _pending.Add((recorded.Position, recorded.Event, recorded.Recorded));
        if (_pending.Count == Chunk) Dispatch();
    }

    public IntegrityReport Complete()
    {
        Dispatch();
        while (_inflight.Count > 0) Apply(_inflight.Dequeue());
        return new IntegrityReport(_events, _heads.Count, _tree.Checkpoint, [.. _problems.OrderBy(p => p.Position)]);
    }

    /// <summary>Starts checking the pending chunk's signatures in the background; applies chunks already checked, in order.</summary>
    private void Dispatch()
    {
        if (_pending.Count > 0)
        {
            var chunk = _pending;
            // HasValidSignature remembers its answer, so the in-order pass below only reads it.
            _inflight.Enqueue((chunk, Task.Run(() => Parallel.For(0, chunk.Count, i => chunk[i].Event.HasValidSignature()))));
            _pending = new(Chunk);
        }
        while (_inflight.Count > 1) Apply(_inflight.Dequeue());
    }

    public static async Task<IntegrityReport> VerifyAsync(IAsyncEnumerable<RecordedEvent> events, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var verifier = new LedgerVerifier();
        long count = 0;
        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            verifier.Add(e);
            if (++count % Chunk == 0) progress?.Report(count);
        }
        progress?.Report(count);
        return verifier.Complete();
    }

    private void Apply((List<(long Position, SignedEvent Event, LedgerTime? Recorded)> Events, Task Verified) chunk)
    {
        chunk.Verified.GetAwaiter().GetResult();
        foreach (var (position, e, recorded) in chunk.Events)
        {
            _tree.Append(e.Id);
            if (!e.HasValidSignature())
            {
                Report(position, e.Id, e.Stream, e.Seq, ViolationCode.BadSignature.ToString(), $"the signature does not verify under {e.Key}");
                continue;
            }
            if (recorded is { } r && e.At > r.AddMilliseconds((long)AppendRules.MaxClockSkew.TotalMilliseconds))
                Report(position, e.Id, e.Stream, e.Seq, ViolationCode.TimeInFuture.ToString(), $"at {e.At} is more than 5 minutes after the store recorded it ({r})");
            _heads.TryGetValue(e.Stream, out var head);
            var step = ChainRules.Next(head, e);
            if (step.IsDuplicate) Report(position, e.Id, e.Stream, e.Seq, "Duplicate", "the same event appears twice");
            else if (!step.IsValid) Report(position, e.Id, e.Stream, e.Seq, step.Violation!.Code.ToString(), step.Violation.Message);
            else _heads[e.Stream] = step.Head!;
        }
    }

    private void Report(long position, EventId? id, IdentityId? stream, long seq, string code, string message)
    {
        if (_problems.Count < MaxProblems) _problems.Add(new IntegrityProblem(position, id, stream, seq, code, message));
    }
}
