using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// One append as a store's dialect carries it out, under the store's write lock (a SQLite or PostgreSQL transaction, or
/// EventStoreDB's lock and per-stream expected revisions). The skeleton (<see cref="LedgerStore"/>) asks it what the
/// checks need, checks, then hands it the batch to write whole or not at all. Disposing it without a commit writes nothing.
/// </summary>
public abstract class AppendTransaction : IAsyncDisposable
{
    /// <summary>The stream's stored envelopes with seq greater than <paramref name="afterSeq"/>, in seq order, as the lock sees them.</summary>
    public abstract Task<IReadOnlyList<byte[]>> StreamAfterAsync(IdentityId stream, long afterSeq, CancellationToken cancellationToken);

    /// <summary>The Merkle frontier of the ledger's head, a copy the skeleton may extend.</summary>
    public abstract Task<MerkleTree> FrontierAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes events at their positions inside the transaction, uncommitted: no reader sees them, and they are gone
    /// unless <see cref="CommitAsync"/> follows. Called only where the store says it <see cref="LedgerStore.WritesAhead"/>.
    /// </summary>
    public virtual Task WriteAsync(IReadOnlyList<(long Position, SignedEvent Event)> events, LedgerTime recorded, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store writes an append's events only when it commits.");

    /// <summary>
    /// Writes <paramref name="batch"/> (its events at their positions, the store's recorded time, the new frontier) and
    /// commits. A stream that moved under the append throws <see cref="StreamConflictException"/>. Returns where the
    /// events landed: <see cref="AppendBatch.Result"/> unless the store placed them itself.
    /// </summary>
    public abstract Task<AppendResult> CommitAsync(AppendBatch batch, CancellationToken cancellationToken);

    /// <summary>The origin of the first checkpoint note the store keeps, or null.</summary>
    public abstract Task<string?> OriginAsync(CancellationToken cancellationToken);

    /// <summary>Whether the store already keeps this note, byte for byte.</summary>
    public abstract Task<bool> HoldsNoteAsync(CheckpointNote note, CancellationToken cancellationToken);

    /// <summary>Keeps the note after those kept before, and commits.</summary>
    public abstract Task CommitNoteAsync(CheckpointNote note, LedgerTime recorded, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
