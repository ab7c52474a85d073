using CreatorLedger.EventStore;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Sqlite;
using CreatorLedger.TestEventStoreDb;
using CreatorLedger.Tests.Ledger;
using Google.Protobuf;
using Xunit;

namespace CreatorLedger.Tests.Store;

/// <summary>
/// Following a ledger live: EventStoreDB's catch-up subscription to $all (on the in-process server of the protocol
/// subset), the polling feed of stores that cannot push, and a mirror kept up to date by either.
/// </summary>
public sealed class LedgerFollowTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly FakeEventStoreDb _server = new();
    private HttpMessageHandler _handler = null!;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public Task InitializeAsync()
    {
        _handler = _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    private EventStoreDbStore Open() => EventStoreDbStore.Open("http://localhost", null, _handler);

    private static async Task<ChainBuilder> Author(IEventStore store, int notes)
    {
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        for (int i = 0; i < notes; i++) chain.Append(ChainBuilder.Note($"n{i}"));
        await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        return chain;
    }

    private static async Task More(IEventStore store, ChainBuilder chain, int notes)
    {
        long before = chain.Events.Count;
        for (int i = 0; i < notes; i++) chain.Append(ChainBuilder.Note($"more{before + i}"));
        await store.AppendAsync(chain.Stream, ExpectedRevision.Exactly(before), chain.Events.Skip((int)before).ToList());
    }

    [Fact]
    public async Task Subscribe_GivesTheStoredEvents_ThenEachNewOne_InPositionOrder_WithoutOtherStreams()
    {
        using var store = Open();
        var chain = await Author(store, 2);
        _server.Write("orders-1", ByteString.CopyFromUtf8("{}"));
        using var cancel = new CancellationTokenSource(Patience);
        await using var subscription = store.SubscribeAsync(1, cancel.Token).GetAsyncEnumerator(cancel.Token);
        var seen = new List<StoredEnvelope>();
        for (int i = 0; i < 3; i++) { Assert.True(await subscription.MoveNextAsync()); seen.Add(subscription.Current); }
        // Now live: another writer appends, between other streams' events.
        using var writer = Open();
        _server.Write("orders-2", ByteString.CopyFromUtf8("{}"));
        await More(writer, chain, 2);
        for (int i = 0; i < 2; i++) { Assert.True(await subscription.MoveNextAsync()); seen.Add(subscription.Current); }
        Assert.Equal([1L, 2, 3, 4, 5], seen.Select(e => e.Position));
        Assert.Equal(chain.Events.Select(e => e.Bytes.ToArray()), seen.Select(e => e.Bytes));
    }

    [Fact]
    public async Task Subscribe_FromAPosition_StartsThere()
    {
        using var store = Open();
        var chain = await Author(store, 4);
        using var cancel = new CancellationTokenSource(Patience);
        await using var subscription = store.SubscribeAsync(4, cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await subscription.MoveNextAsync());
        Assert.Equal(4L, subscription.Current.Position);
        Assert.Equal(chain.Events[3].Bytes.ToArray(), subscription.Current.Bytes);
    }

    [Fact]
    public async Task Subscribe_BeyondTheHead_IsAClearError()
    {
        using var store = Open();
        await Author(store, 1);
        var e = await Assert.ThrowsAsync<LedgerStoreException>(async () => { await foreach (var _ in store.SubscribeAsync(4)) { } });
        Assert.Contains("no position 3 to follow from", e.Message);
    }

    [Fact]
    public async Task ASubscriptionTheServerEnds_IsAClearError()
    {
        using var store = Open();
        await Author(store, 1);
        using var cancel = new CancellationTokenSource(Patience);
        var read = Task.Run(async () => { await foreach (var _ in store.SubscribeAsync(1, cancel.Token)) { } }, cancel.Token);
        while (_server.Subscribers == 0) await Task.Delay(1, cancel.Token);
        _server.DropSubscriptions();
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => read);
        Assert.Contains("ended the subscription", e.Message);
    }

    [Fact]
    public async Task Follow_FromEventStoreDb_KeepsASqliteMirrorAtTheSourcesCheckpoint_UntilCancelled()
    {
        using var source = Open();
        var chain = await Author(source, 3);
        using var mirror = SqliteEventStore.Open(_directory.File("mirror.db"));
        await LedgerSync.SyncAsync(source.ReadEnvelopesAsync(), mirror, source.Description);
        var reached = new TaskCompletionSource<Checkpoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new ReportTo(head => { if (head.Size == 9) reached.TrySetResult(head); });
        using var cancel = new CancellationTokenSource();
        var follow = LedgerSync.FollowAsync(LedgerFeed.FollowAsync(source, 5, TimeSpan.FromSeconds(1), null, cancel.Token), mirror, source.Description, progress, cancel.Token);

        using var writer = Open();
        await More(writer, chain, 2);
        var other = await Author(writer, 2);

        var head = await reached.Task.WaitAsync(Patience);
        Assert.Equal(await source.HeadAsync(), head);
        Assert.Equal(head, await mirror.HeadAsync());
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => follow);
        // Cancelling closes the subscription on the server too.
        await WaitForNoSubscribers();
        Assert.Equal(other.Events[^1].Id, (await mirror.FindAsync(other.Stream, 3))!.Id);
    }

    private async Task WaitForNoSubscribers()
    {
        // The server sees the cancelled call go away on its own schedule; wait for that, boundedly.
        using var cancel = new CancellationTokenSource(Patience);
        while (_server.Subscribers > 0) await Task.Delay(1, cancel.Token);
    }

    /// <summary>A SQLite ledger of one author (two events) and a SQLite mirror of it.</summary>
    private async Task<(SqliteEventStore Source, ChainBuilder Chain, SqliteEventStore Mirror)> MirroredSqlite(string name)
    {
        var source = SqliteEventStore.Open(_directory.File($"{name}-source.db"));
        var chain = await Author(source, 1);
        var mirror = SqliteEventStore.Open(_directory.File($"{name}-mirror.db"));
        await LedgerSync.SyncAsync(source.ReadEnvelopesAsync(), mirror, "source");
        return (source, chain, mirror);
    }

    [Fact]
    public async Task Follow_FromSqlite_PollsAndCopiesWhatArrives()
    {
        var (source, chain, mirror) = await MirroredSqlite("poll");
        using var _ = source;
        using var __ = mirror;
        var reached = new TaskCompletionSource<Checkpoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var follow = LedgerSync.FollowAsync(LedgerFeed.FollowAsync(source, 3, TimeSpan.FromMilliseconds(20), null, cancel.Token), mirror, "source",
            new ReportTo(head => { if (head.Size == 4) reached.TrySetResult(head); }), cancel.Token);
        await More(source, chain, 2);
        Assert.Equal(await source.HeadAsync(), await reached.Task.WaitAsync(Patience));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => follow);
    }

    [Fact]
    public async Task Follow_WhenSomeoneElseWritesToTheMirror_StopsWithAClearError()
    {
        var (source, chain, mirror) = await MirroredSqlite("diverged");
        using var _ = source;
        using var __ = mirror;
        await Author(mirror, 0);
        await More(source, chain, 1);
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() =>
            LedgerSync.FollowAsync(LedgerFeed.FollowAsync(source, 3, TimeSpan.FromMilliseconds(20)), mirror, "source").WaitAsync(Patience));
        Assert.Contains("someone else", e.Message);
    }

    private sealed class ReportTo(Action<Checkpoint> report) : IProgress<Checkpoint>
    {
        public void Report(Checkpoint value) => report(value);
    }
}
