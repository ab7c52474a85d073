using System.Collections.Concurrent;
using CreatorLedger.Events;
using CreatorLedger.Ledger;

namespace CreatorLedger.Licensing;

public sealed partial class LicenseProjection
{
    // Batches stay below the large object heap (85,000 bytes): a replay must not churn it, or every batch costs a full collection.
    private const int Batch = 512;

    /// <summary>The ledger's checkpoint at <see cref="Position"/>, once the projection has been brought up to a store's head.</summary>
    public Checkpoint? Checkpoint { get; private set; }

    /// <summary>How many events the last load or catch-up applied (a saved projection only replays what is new).</summary>
    public long EventsReplayed { get; private set; }

    /// <summary>
    /// The projection of <paramref name="store"/> at its head: read from <paramref name="savedAt"/> when a saved
    /// projection of this ledger is there, then brought up to date with the events appended since; rebuilt from the
    /// first event otherwise. Saved back when it gained enough to be worth writing.
    /// </summary>
    public static async Task<LicenseProjection> LoadAsync(IEventStore store, string? savedAt = null, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var head = await store.HeadAsync(cancellationToken).ConfigureAwait(false);
        var saved = savedAt is null ? null : LicenseProjectionFile.TryRead(savedAt);
        if (saved is not null && !await saved.BelongsToAsync(store, head, cancellationToken).ConfigureAwait(false)) saved = null;
        var projection = saved ?? new LicenseProjection();
        long from = projection.Weight;
        await projection.CatchUpAsync(store, head, progress, cancellationToken).ConfigureAwait(false);
        if (savedAt is not null && projection.Weight - from >= SaveAfter(from)) LicenseProjectionFile.TryWrite(projection, savedAt);
        return projection;
    }

    /// <summary>
    /// What replaying the projection costs, in events: every event, and every work registered, since a list of 1,000
    /// works takes about as long to replay as 1,000 single registrations. Counted in events alone, a catalogue
    /// registered in lists was never worth saving again, and every command replayed all of it.
    /// </summary>
    private long Weight => Position + _claimCount;

    /// <summary>
    /// The projection of events held in memory, in position order from the first (tests, small ledgers). They are
    /// trusted as a store trusts what it verified at append: check them first (<see cref="LedgerVerifier"/>) if they
    /// come from elsewhere.
    /// </summary>
    public static LicenseProjection From(IReadOnlyList<RecordedEvent> events)
    {
        var projection = new LicenseProjection();
        foreach (var e in events) projection.Apply(ProjectedEvent.From(e));
        projection.Checkpoint = MerkleTree.CheckpointOf(events.Select(e => e.Id));
        return projection;
    }

    /// <summary>Events (<see cref="Weight"/>) a saved projection may lag behind before it is written again: writing costs about as much as replaying this many.</summary>
    internal static long SaveAfter(long saved) => saved == 0 ? 1 : Math.Max(1_000, saved / 32);

    /// <summary>Applies the events of <paramref name="store"/> after <see cref="Position"/>, up to its head.</summary>
    public async Task CatchUpAsync(IEventStore store, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        await CatchUpAsync(store, await store.HeadAsync(cancellationToken).ConfigureAwait(false), progress, cancellationToken).ConfigureAwait(false);

    private async Task CatchUpAsync(IEventStore store, Checkpoint head, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        EventsReplayed = 0;
        if (head.Size < Position)
            throw new LedgerStoreException($"'{store.Description}' holds {head.Size} events, fewer than the {Position} this projection was built from.");
        if (head.Size > Position)
        {
            if (Position == 0) Reserve(head.Size);
            // Stages on their own threads, handing batches along: the store reads while batches are parsed on every core
            // and applied in order. Dedicated threads, not the thread pool: on two cores a pool that starts with two
            // threads would run the stages one after the other.
            using var read = new BlockingCollection<(long Number, StoredEnvelope[] Batch)>(8);
            using var parsed = new BlockingCollection<(long Number, ProjectedEvent[] Events)>(8);
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reading = Stage(() => ReadBatches(store, Position + 1, head.Size, read, failed.Token), read, failed);
            int parsers = Math.Max(1, Environment.ProcessorCount);
            int running = parsers;
            var parsing = Enumerable.Range(0, parsers).Select(_ => Stage<object>(() =>
            {
                try
                {
                    foreach (var (number, batch) in read.GetConsumingEnumerable(failed.Token))
                        parsed.Add((number, Parse(batch, store.Description)), failed.Token);
                }
                finally
                {
                    // The last parser to finish says that no more batches will come.
                    if (Interlocked.Decrement(ref running) == 0) parsed.CompleteAdding();
                }
            }, null, failed)).ToArray();
            long applied = 0;
            try
            {
                // Parsers finish out of order: batches wait here until their turn.
                var early = new Dictionary<long, ProjectedEvent[]>();
                long next = 0;
                foreach (var (number, events) in parsed.GetConsumingEnumerable(failed.Token))
                {
                    early[number] = events;
                    while (early.Remove(next, out var batch))
                    {
                        foreach (var e in batch) Apply(e);
                        applied += batch.Length;
                        next++;
                        progress?.Report(applied);
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A stage failed and cancelled the others: its exception is the one to report (below).
            }
            finally
            {
                failed.Cancel();
            }
            await Task.WhenAll([reading, .. parsing]).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            EventsReplayed = applied;
            if (Position != head.Size)
                throw new LedgerStoreException($"'{store.Description}' reported {head.Size} events but {Position} could be read.");
        }
        Checkpoint = head;
    }

    /// <summary>Runs one pipeline stage on its own thread; completes its output when done, cancels the others when it fails.</summary>
    private static Task Stage<T>(Action work, BlockingCollection<T>? output, CancellationTokenSource failed) =>
        Task.Factory.StartNew(() =>
        {
            try
            {
                work();
            }
            catch (OperationCanceledException) when (failed.IsCancellationRequested)
            {
            }
            catch
            {
                failed.Cancel();
                throw;
            }
            finally
            {
                output?.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static ProjectedEvent[] Parse(StoredEnvelope[] batch, string description)
    {
        var parsed = new ProjectedEvent[batch.Length];
        for (int i = 0; i < batch.Length; i++) parsed[i] = ProjectedEvent.Read(batch[i], description);
        return parsed;
    }

    private static void ReadBatches(IEventStore store, long from, long to, BlockingCollection<(long, StoredEnvelope[])> output, CancellationToken cancellationToken)
    {
        var batch = new List<StoredEnvelope>(Batch);
        long number = 0;
        var envelopes = store.ReadEnvelopesAsync(from, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            // Stores read synchronously underneath (SQLite) or buffer (servers): waiting here keeps the stage on its thread.
            while (envelopes.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                var stored = envelopes.Current;
                if (stored.Position > to) break;
                batch.Add(stored);
                if (batch.Count == Batch)
                {
                    output.Add((number++, [.. batch]), cancellationToken);
                    batch.Clear();
                }
            }
            if (batch.Count > 0) output.Add((number, [.. batch]), cancellationToken);
        }
        finally
        {
            envelopes.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Whether this saved projection was built from <paramref name="store"/>: same root when the ledger has not grown
    /// since, else the same event at the saved position (a ledger is append-only, so a different event there means
    /// the file beside the store is another ledger's, or the store was replaced).
    /// </summary>
    private async Task<bool> BelongsToAsync(IEventStore store, Checkpoint head, CancellationToken cancellationToken)
    {
        if (head.Size < Position) return false;
        if (head.Size == Position) return Checkpoint == head;
        if (Position == 0) return true;
        await foreach (var stored in store.ReadEnvelopesAsync(Position, cancellationToken).ConfigureAwait(false))
        {
            var id = stored.Id ?? (SignedEvent.TryParse(stored.Bytes, out var e, out _) ? e.Id : (EventId?)null);
            return stored.Position == Position && id == LastId;
        }
        return false;
    }
}
