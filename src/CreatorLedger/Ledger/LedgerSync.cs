using CreatorLedger.Events;

namespace CreatorLedger.Ledger;

/// <summary>What a sync did: the source's size, what the destination held before, what was copied, its head after.</summary>
public sealed record SyncOutcome(long SourceSize, long Before, long Copied, Checkpoint Head);

/// <summary>
/// Keeps a mirror: copies to a destination store the events of a source (a store or a JSON Lines file) that it lacks,
/// in the source's order, so both have the same checkpoint. The destination must hold a prefix of the source (same
/// root at its size), or nothing is copied. Events are verified as every import verifies them and appended in
/// batches, each atomic: an interrupted sync leaves whole batches, and running it again resumes after them.
/// </summary>
public static class LedgerSync
{
    public const int Batch = 5_000;

    public static async Task<SyncOutcome> SyncAsync(IAsyncEnumerable<StoredEnvelope> source, IEventStore destination, string sourceName,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        await CopyAsync(source, 0, await destination.HeadAsync(cancellationToken).ConfigureAwait(false), destination, sourceName, progress, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>
    /// Mirrors a store: the destination's prefix is checked against the source's own tree (its root at the destination's
    /// size, read from tiles in O(log n) reads) instead of reading the prefix again, and only the events after it are read,
    /// up to <paramref name="upTo"/> events (default: the source's head).
    /// </summary>
    public static async Task<SyncOutcome> SyncAsync(IEventStore source, IEventStore destination, long? upTo = null,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var before = await destination.HeadAsync(cancellationToken).ConfigureAwait(false);
        long limit = upTo ?? (await source.HeadAsync(cancellationToken).ConfigureAwait(false)).Size;
        if (before.Size > limit)
            throw new LedgerStoreException($"{destination.Description} holds {before.Size} events, more than the {limit} of {source.Description}: it is not a mirror of it.");
        RequireMirror(await source.CheckpointAtAsync(before.Size, cancellationToken).ConfigureAwait(false), before, destination, source.Description);
        return await CopyAsync(UpTo(source.ReadEnvelopesAsync(before.Size + 1, cancellationToken), limit), before.Size, before, destination, source.Description,
            progress, cancellationToken).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<StoredEnvelope> UpTo(IAsyncEnumerable<StoredEnvelope> events, long size)
    {
        if (size == 0) yield break;
        await foreach (var e in events.ConfigureAwait(false))
        {
            if (e.Position > size) yield break;
            yield return e;
            if (e.Position == size) yield break;
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/>, whose first <paramref name="verified"/> events the destination is known to hold
    /// (checked here otherwise). Reading, verifying and writing overlap: a batch is parsed and its signatures verified on
    /// all cores while the batch before it is written, and batches are written in order, each only once every batch
    /// before it was (a bad batch stops the ones after it). At most two batches wait, so memory stays flat.
    /// </summary>
    private static async Task<SyncOutcome> CopyAsync(IAsyncEnumerable<StoredEnvelope> source, long verified, Checkpoint before, IEventStore destination,
        string sourceName, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var prefix = new MerkleTree();
        var batch = new List<(long Line, byte[] Bytes)>(Batch);
        long seen = verified, copied = 0;
        var waiting = new Queue<Task>();
        Task written = Task.CompletedTask;
        try
        {
            await foreach (var stored in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                seen++;
                if (seen <= before.Size)
                {
                    // The events the destination should already hold: their ids must give its root.
                    prefix.Append(stored.Id ?? (SignedEvent.TryParse(stored.Bytes, out var e, out var problem) ? e.Id
                        : throw new EventRejectedException(new ChainViolation(ViolationCode.Malformed, null, 0, null, problem), stored.Position)));
                    if (seen == before.Size) RequireMirror(prefix.Checkpoint, before, destination, sourceName);
                    continue;
                }
                batch.Add((stored.Position, stored.Bytes));
                if (batch.Count < Batch) continue;
                await StartAsync(batch).ConfigureAwait(false);
                batch = new List<(long Line, byte[] Bytes)>(Batch);
            }
            if (seen < before.Size)
                throw new LedgerStoreException($"{destination.Description} holds {before.Size} events, more than the {seen} of {sourceName}: it is not a mirror of it.");
            if (batch.Count > 0) await StartAsync(batch).ConfigureAwait(false);
            await written.ConfigureAwait(false);
        }
        finally
        {
            // Whatever stopped the copy, nothing is written after it returns.
            try { await Task.WhenAll(waiting).ConfigureAwait(false); }
            catch (Exception) { /* the first failure is the one thrown */ }
        }
        return new SyncOutcome(seen, before.Size, copied, await destination.HeadAsync(cancellationToken).ConfigureAwait(false));

        async Task StartAsync(List<(long Line, byte[] Bytes)> lines)
        {
            var verifying = Task.Run(() => LedgerImport.Verify(lines, null, cancellationToken), cancellationToken);
            written = WriteAfterAsync(written, verifying);
            waiting.Enqueue(written);
            // Two batches in flight at most: wait for the older one (its failure surfaces here).
            while (waiting.Count > 2) await waiting.Dequeue().ConfigureAwait(false);
        }

        async Task WriteAfterAsync(Task previous, Task<IReadOnlyList<(long Line, SignedEvent Event)>> verifying)
        {
            try
            {
                await previous.ConfigureAwait(false);
            }
            catch
            {
                // This batch is never written; its verification's own failure, if any, is not the one to report.
                _ = verifying.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw;
            }
            var events = await verifying.ConfigureAwait(false);
            ImportOutcome outcome;
            try
            {
                // A mirror's source holds each event once: a repeat is the source's fault, and is said to be.
                outcome = await LedgerImport.ImportAsync(destination, events, null, null, cancellationToken, eachOnce: true).ConfigureAwait(false);
            }
            catch (EventRejectedException e) when (e.Violation is { Code: ViolationCode.Duplicate or ViolationCode.Fork, Earlier: { } earlier })
            {
                throw SourceDamaged(e, earlier);
            }
            copied += outcome.Imported;
            progress?.Report(before.Size + copied);
        }

        // A mirror's positions are its source's, so the destination's position of an event is where the source has it too.
        LedgerStoreException SourceDamaged(EventRejectedException e, long earlier)
        {
            var v = e.Violation;
            var what = v.Code == ViolationCode.Duplicate
                ? $"holds the same event ({v.EventId}) twice, at positions {earlier} and {e.Line}"
                : $"forks: stream {v.Stream} seq {v.Seq} is one event at position {earlier} and another ({v.EventId}) at position {e.Line}";
            return new LedgerStoreException(
                $"{sourceName} {what}, so it is not a ledger a mirror can copy; run Test-LedgerIntegrity on it. " +
                $"{destination.Description} keeps the {before.Size + copied} event(s) before that batch, verified; nothing of the batch was written.", e);
        }
    }

    /// <summary>
    /// Keeps a mirror up to date until cancelled: <paramref name="live"/> must start right after the destination's
    /// head (a <see cref="LedgerFeed"/> from size + 1, once <see cref="SyncAsync"/> has made it a mirror). Whatever has
    /// arrived is copied as one verified, atomic batch (up to <see cref="Batch"/> events), so a burst costs few
    /// transactions and a lone event is copied at once. Reports the destination's head after each batch.
    /// </summary>
    public static async Task FollowAsync(IAsyncEnumerable<StoredEnvelope> live, IEventStore destination, string sourceName,
        IProgress<Checkpoint>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(destination);
        var head = await destination.HeadAsync(cancellationToken).ConfigureAwait(false);
        // The feed is read on its own task, so that what has already arrived can be taken without waiting for more.
        var arrived = System.Threading.Channels.Channel.CreateBounded<StoredEnvelope>(
            new System.Threading.Channels.BoundedChannelOptions(Batch * 2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var stored in live.WithCancellation(stop.Token).ConfigureAwait(false))
                    await arrived.Writer.WriteAsync(stored, stop.Token).ConfigureAwait(false);
                arrived.Writer.TryComplete(new LedgerStoreException($"{sourceName} stopped sending events."));
            }
            catch (Exception e)
            {
                arrived.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
        try
        {
            var batch = new List<(long Line, byte[] Bytes)>(Batch);
            while (await arrived.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (batch.Count < Batch && arrived.Reader.TryRead(out var stored))
                {
                    if (stored.Position != head.Size + batch.Count + 1)
                        throw new LedgerStoreException(
                            $"{sourceName} sent position {stored.Position} where {head.Size + batch.Count + 1} was due: {destination.Description} was changed by someone else, or the source is not what it was.");
                    batch.Add((stored.Position, stored.Bytes));
                }
                var outcome = await LedgerImport.ImportAsync(destination, batch, null, null, cancellationToken).ConfigureAwait(false);
                if (outcome.AlreadyPresent > 0 || outcome.Head.Size != head.Size + batch.Count)
                    throw new LedgerStoreException($"{destination.Description} changed while it was following {sourceName}: it is no longer a mirror of it.");
                head = outcome.Head;
                batch.Clear();
                progress?.Report(head);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }

    private static void RequireMirror(Checkpoint sourceAtSize, Checkpoint destination, IEventStore store, string sourceName)
    {
        if (sourceAtSize != destination)
            throw new CheckpointMismatchException(destination, sourceAtSize,
                $"{store.Description} is not a mirror of {sourceName}: at {destination.Size} events its root is {destination.Root}, the source's is {sourceAtSize.Root}. Nothing was copied.");
    }
}
