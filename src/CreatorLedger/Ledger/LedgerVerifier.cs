using CreatorLedger.Base;
using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// Re-verifies a ledger from its bytes alone, as anyone holding a copy can: every envelope parses, every signature
/// verifies, every chain holds, no author's time runs ahead of the store's record, and the Merkle root is
/// recomputed. Envelopes are parsed and their signatures checked on all cores, a chunk at a time, while the caller
/// reads the next chunk; chains are then checked in order. Problems are collected with their evidence rather than
/// stopping at the first.
/// </summary>
public sealed class LedgerVerifier
{
    private const int Chunk = 4096;
    private const int MaxProblems = 1000;
    private readonly Dictionary<IdentityId, StreamHead> _heads = [];
    private readonly List<IntegrityProblem> _problems = [];
    private readonly MerkleTree _tree = new();
    private readonly Queue<(Entry[] Entries, Task Checked)> _inflight = new();
    private List<Entry> _pending = new(Chunk);
    private long _events;

    private sealed class Entry(long position, byte[] bytes, LedgerTime? recorded)
    {
        public long Position { get; } = position;
        public byte[] Bytes { get; } = bytes;
        public SignedEvent? Event { get; private set; }
        public LedgerTime? Recorded { get; } = recorded;
        public string? Problem { get; private set; }

        /// <summary>Parses, checks the signature and reads a list of works; the event remembers the answers for the chain rules.</summary>
        public void Check()
        {
            SignedEvent.TryParse(Bytes, out var signed, out var problem);
            Event = signed;
            Problem = problem;
            if (Event?.HasValidSignature() == true) Event.ListProblem();
        }
    }

    /// <summary>Adds an envelope as bytes (a line of a JSON Lines file, a store row).</summary>
    public void Add(long position, byte[] bytes, LedgerTime? recorded = null) => Add(new Entry(position, bytes, recorded));

    public IntegrityReport Complete()
    {
        Start();
        while (_inflight.Count > 0) Apply(_inflight.Dequeue());
        return Report();
    }

    private IntegrityReport Report() => new(_events, _heads.Count, _tree.Checkpoint, [.. _problems]);

    /// <summary>
    /// Verifies a store from its stored bytes (a damaged row is reported with its position, not a stop), and that the
    /// head the store keeps is the one its events give: a row altered behind the store's back shows as CheckpointMismatch.
    /// </summary>
    public static async Task<IntegrityReport> VerifyAsync(IEventStore store, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var kept = await store.HeadAsync(cancellationToken).ConfigureAwait(false);
        var report = await VerifyAsync(store.ReadEnvelopesAsync(1, cancellationToken), progress, cancellationToken).ConfigureAwait(false);
        // Compared only at the same size: events appended while the check ran are not a mismatch.
        if (report.Checkpoint.Size != kept.Size || report.Checkpoint.Root == kept.Root) return report;
        return report with
        {
            Problems = [.. report.Problems, new IntegrityProblem(0, null, null, 0, "CheckpointMismatch", $"the store's head says {kept}, the events give {report.Checkpoint}")],
        };
    }

    public static async Task<IntegrityReport> VerifyAsync(IAsyncEnumerable<StoredEnvelope> envelopes, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var verifier = new LedgerVerifier();
        long count = 0;
        await foreach (var e in envelopes.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // The reader waits for the oldest chunk without blocking a thread: a blocking wait spins first, and on two
            // cores the spinning was taken from the signature checks (a trace at 10,000,000 events found a third of the
            // reading thread's time spinning).
            if (verifier.Queue(new Entry(e.Position, e.Bytes, e.Recorded))) await verifier.ApplyCheckedAsync(1).ConfigureAwait(false);
            if (++count % Chunk == 0) progress?.Report(count);
        }
        progress?.Report(count);
        verifier.Start();
        await verifier.ApplyCheckedAsync(0).ConfigureAwait(false);
        return verifier.Report();
    }

    private void Add(Entry entry)
    {
        if (Queue(entry))
            while (_inflight.Count > 1) Apply(_inflight.Dequeue());
    }

    /// <summary>Queues an envelope; true when that filled a chunk, which is then being checked on other cores.</summary>
    private bool Queue(Entry entry)
    {
        _events++;
        _pending.Add(entry);
        if (_pending.Count < Chunk) return false;
        Start();
        return true;
    }

    /// <summary>Starts checking the pending envelopes on other cores.</summary>
    private void Start()
    {
        if (_pending.Count == 0) return;
        var chunk = _pending.ToArray();
        _inflight.Enqueue((chunk, Task.Run(() => Parallel.For(0, chunk.Length, AllCores.Options(), i => chunk[i].Check()))));
        _pending = new(Chunk);
    }

    /// <summary>Applies checked chunks in order until <paramref name="keep"/> are still being checked.</summary>
    private async Task ApplyCheckedAsync(int keep)
    {
        while (_inflight.Count > keep)
        {
            var chunk = _inflight.Dequeue();
            await chunk.Checked.ConfigureAwait(false);
            Apply(chunk);
        }
    }

    private void Apply((Entry[] Entries, Task Checked) chunk)
    {
        chunk.Checked.GetAwaiter().GetResult();
        foreach (var entry in chunk.Entries)
        {
            var position = entry.Position;
            if (entry.Event is not { } e)
            {
                // A damaged envelope still occupies its place in the order: hash its bytes as they are.
                _tree.Append(System.Security.Cryptography.SHA256.HashData(entry.Bytes));
                Report(position, null, null, 0, ViolationCode.Malformed.ToString(), entry.Problem ?? "not an envelope");
                continue;
            }
            _tree.Append(e.Id);
            if (!e.HasValidSignature())
            {
                Report(position, e.Id, e.Stream, e.Seq, ViolationCode.BadSignature.ToString(), $"the signature does not verify under {e.Key}");
                continue;
            }
            if (entry.Recorded is { } r && e.At > r.AddMilliseconds((long)AppendRules.MaxClockSkew.TotalMilliseconds))
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
