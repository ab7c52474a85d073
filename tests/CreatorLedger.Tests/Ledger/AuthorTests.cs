using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CreatorLedger.Tests.Ledger;

public sealed class AuthorTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-06-01T00:00:00Z"));

    public void Dispose() => _directory.Dispose();

    /// <summary>A real store that lets another writer in just before its n-th append, as a second process would.</summary>
    private sealed class InterleavingStore(IEventStore inner, int before, Func<Task> other) : IEventStore
    {
        private int _appends;
        public string Description => inner.Description;

        /// <summary>Appends (transactions) asked of the store so far.</summary>
        public int Appends => _appends;

        public async Task<AppendResult> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
        {
            if (++_appends == before) await other();
            return await inner.AppendAsync(appends, cancellationToken);
        }

        public IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, CancellationToken cancellationToken = default) => inner.ReadAllAsync(fromPosition, cancellationToken);
        public IAsyncEnumerable<StoredEnvelope> ReadEnvelopesAsync(long fromPosition = 1, CancellationToken cancellationToken = default) => inner.ReadEnvelopesAsync(fromPosition, cancellationToken);
        public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(IdentityId stream, CancellationToken cancellationToken = default) => inner.ReadStreamAsync(stream, cancellationToken);
        public Task<StreamHead?> GetStreamHeadAsync(IdentityId stream, CancellationToken cancellationToken = default) => inner.GetStreamHeadAsync(stream, cancellationToken);
        public Task<RecordedEvent?> FindAsync(IdentityId stream, long seq, CancellationToken cancellationToken = default) => inner.FindAsync(stream, seq, cancellationToken);
        public Task<Checkpoint> HeadAsync(CancellationToken cancellationToken = default) => inner.HeadAsync(cancellationToken);
        public Task<IReadOnlyList<byte[]>> ReadIdsAsync(long fromPosition, int count, CancellationToken cancellationToken = default) => inner.ReadIdsAsync(fromPosition, count, cancellationToken);
        public Task<Checkpoint> CheckpointAtAsync(long size, CancellationToken cancellationToken = default) => inner.CheckpointAtAsync(size, cancellationToken);
        public Task<IReadOnlyList<byte[]>> SubtreeHashesAsync(IReadOnlyList<TreeRange> ranges, CancellationToken cancellationToken = default) => inner.SubtreeHashesAsync(ranges, cancellationToken);
        public Task<bool> AppendCheckpointNoteAsync(CheckpointNote note, CancellationToken cancellationToken = default) => inner.AppendCheckpointNoteAsync(note, cancellationToken);
        public IAsyncEnumerable<RecordedCheckpointNote> ReadCheckpointNotesAsync(CancellationToken cancellationToken = default) => inner.ReadCheckpointNotesAsync(cancellationToken);
        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public async Task AppendAsync_LargeEvents_AreCutIntoTransactionsOfAtMostBatchBytes_AndAllWritten()
    {
        using var store = SqliteEventStore.Open(_directory.File("ledger.db"), _clock);
        var key = SigningKey.Generate();
        await Author.CreateIdentityAsync(store, key, new IdentityCreated("Alice", "creator"), _clock);
        using var counting = new InterleavingStore(store, before: 0, () => Task.CompletedTask);
        // 100 events of about 500 kB: 50 MB, which at 1,000 events per transaction would have been one.
        var text = new string('x', 500_000);
        var drafts = Enumerable.Range(0, 100).Select(i => ChainBuilder.Note($"{i} {text}")).ToArray();

        var written = await new Author(counting, key.Id, key, _clock).AppendAsync(drafts);

        Assert.Equal(100, written.Count);
        Assert.Equal(Enumerable.Range(2, 100).Select(i => (long)i), written.Select(e => e.Seq));
        int perTransaction = Author.BatchBytes / 500_010;
        Assert.Equal((100 + perTransaction - 1) / perTransaction, counting.Appends);
        Assert.True((await LedgerVerifier.VerifyAsync(store)).IsValid);
    }

    [Fact]
    public async Task AppendAsync_AnotherWriterBetweenBatches_ReSignsTheRestAndLosesNothing()
    {
        var path = _directory.File("ledger.db");
        using var store = SqliteEventStore.Open(path, _clock);
        using var second = SqliteEventStore.Open(path, _clock);
        var key = SigningKey.Generate();
        await Author.CreateIdentityAsync(store, key, new IdentityCreated("Alice", "creator"), _clock);
        var other = new Author(second, key.Id, key, _clock);
        using var interleaving = new InterleavingStore(store, before: 2, () => other.AppendAsync(ChainBuilder.Note("from the other process")));

        var drafts = Enumerable.Range(0, 2500).Select(i => ChainBuilder.Note($"n{i}")).ToArray();
        var written = await new Author(interleaving, key.Id, key, _clock).AppendAsync(drafts);

        Assert.Equal(2500, written.Count);
        var report = await LedgerVerifier.VerifyAsync(store);
        Assert.True(report.IsValid, string.Join("; ", report.Problems));
        Assert.Equal(1 + 2500 + 1, report.Events);
        var stored = new List<RecordedEvent>();
        await foreach (var e in store.ReadStreamAsync(key.Id)) stored.Add(e);
        // The first batch, then the other writer's event, then the rest re-chained after it.
        Assert.Equal("from the other process", stored[1001].Event.Data.GetProperty("text").GetString());
        Assert.Equal(Enumerable.Range(1, 2502).Select(i => (long)i), stored.Select(e => e.Event.Seq));
        Assert.Equal(written.Select(e => e.Id), stored.Where(e => e.Event.Seq is > 1 and not 1002).Select(e => e.Id));
    }
}
