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
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var before = await destination.HeadAsync(cancellationToken).ConfigureAwait(false);
        var prefix = new MerkleTree();
        var batch = new List<(long Line, byte[] Bytes)>(Batch);
        long seen = 0, copied = 0;
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
            if (batch.Count == Batch) copied += await FlushAsync(batch).ConfigureAwait(false);
        }
        if (seen < before.Size)
            throw new LedgerStoreException($"{destination.Description} holds {before.Size} events, more than the {seen} of {sourceName}: it is not a mirror of it.");
        if (batch.Count > 0) copied += await FlushAsync(batch).ConfigureAwait(false);
        return new SyncOutcome(seen, before.Size, copied, await destination.HeadAsync(cancellationToken).ConfigureAwait(false));

        async Task<long> FlushAsync(List<(long Line, byte[] Bytes)> lines)
        {
            var outcome = await LedgerImport.ImportAsync(destination, lines, null, null, cancellationToken).ConfigureAwait(false);
            lines.Clear();
            progress?.Report(before.Size + copied + outcome.Imported);
            if (outcome.AlreadyPresent > 0)
                throw new LedgerStoreException($"{destination.Description} already held {outcome.AlreadyPresent} event(s) of {sourceName} beyond its head: it is not a mirror of it.");
            return outcome.Imported;
        }
    }

    private static void RequireMirror(Checkpoint sourceAtSize, Checkpoint destination, IEventStore store, string sourceName)
    {
        if (sourceAtSize != destination)
            throw new CheckpointMismatchException(destination, sourceAtSize,
                $"{store.Description} is not a mirror of {sourceName}: at {destination.Size} events its root is {destination.Root}, the source's is {sourceAtSize.Root}. Nothing was copied.");
    }
}
