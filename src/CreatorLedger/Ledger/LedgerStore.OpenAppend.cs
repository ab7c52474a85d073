using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

public abstract partial class LedgerStore
{
    /// <summary>
    /// One append under the store's write lock, taken in the batches it arrives in: each batch is checked against the
    /// heads as the lock sees them and the batches before it, then written ahead inside the transaction where the dialect
    /// can (an import writes while it verifies what follows), or kept until the commit. Disposed uncommitted, it writes nothing.
    /// </summary>
    private sealed class OpenAppend : IAsyncDisposable
    {
        private readonly LedgerStore _store;
        private readonly AppendTransaction _transaction;
        private readonly DateTimeOffset _now;
        private readonly MerkleTree _tree;
        private readonly long _before;
        // At the size this handle last wrote, the heads it remembers are every stream's: no query per stream.
        private readonly bool _known;
        private readonly Dictionary<IdentityId, StreamHead?> _heads = [];
        // What a dialect that writes only at the commit (EventStoreDB) is handed then.
        private readonly List<StreamAppend> _kept = [];
        private readonly List<(long Position, SignedEvent Event)> _keptEvents = [];

        private OpenAppend(LedgerStore store, AppendTransaction transaction, DateTimeOffset now, MerkleTree tree)
        {
            (_store, _transaction, _now, _tree, _before) = (store, transaction, now, tree, tree.Size);
            _known = store._heads.IsCompleteAt(_before);
            if (KeepTileHashes) tree.RecordTileHashes();
        }

        public static async Task<OpenAppend> BeginAsync(LedgerStore store, AppendTransaction transaction, CancellationToken cancellationToken)
        {
            try
            {
                // Read under the lock: nobody can append between these reads and the commit.
                var now = store.Clock.GetUtcNow();
                return new OpenAppend(store, transaction, now, await transaction.FrontierAsync(cancellationToken).ConfigureAwait(false));
            }
            catch
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public async Task AddAsync(IReadOnlyList<StreamAppend> appends, int count, CancellationToken cancellationToken)
        {
            foreach (var stream in appends.Select(a => a.Stream).Distinct())
                if (!_heads.ContainsKey(stream))
                    _heads[stream] = _known ? _store._heads.Find(stream)
                        : await _store.HeadAsync(stream, _transaction.StreamAfterAsync, cancellationToken).ConfigureAwait(false);
            foreach (var (stream, head) in AppendRules.Check(appends, stream => _heads[stream], _now)) _heads[stream] = head;

            var events = new List<(long, SignedEvent)>(count);
            foreach (var append in appends)
                foreach (var e in append.Events)
                {
                    events.Add((_tree.Size + 1, e));
                    _tree.Append(e.Id);
                }
            if (_store.WritesAhead)
            {
                await _transaction.WriteAsync(events, LedgerTime.From(_now), cancellationToken).ConfigureAwait(false);
                return;
            }
            _kept.AddRange(appends);
            _keptEvents.AddRange(events);
        }

        public async Task<AppendResult> CommitAsync(CancellationToken cancellationToken)
        {
            long first = _before + 1;
            var batch = new AppendBatch(_kept, _keptEvents, LedgerTime.From(_now), _tree, new AppendResult(first, _tree.Size, _tree.Checkpoint));
            var result = await _transaction.CommitAsync(batch, cancellationToken).ConfigureAwait(false);
            // Only once all is stored: a remembered head must never run ahead of its stream.
            // A store that places events itself (EventStoreDB) may have put them after another writer's: then nothing is known.
            _store._heads.Stored(_heads.Values.OfType<StreamHead>(), result.FirstPosition == first ? _before : null, result.Head.Size);
            return result;
        }

        public ValueTask DisposeAsync() => _transaction.DisposeAsync();
    }
}
