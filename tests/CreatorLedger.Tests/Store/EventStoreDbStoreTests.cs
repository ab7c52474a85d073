using CreatorLedger.EventStore;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Tests.Ledger;
using Google.Protobuf;
using Xunit;

namespace CreatorLedger.Tests.Store;

/// <summary>
/// The store contract through our EventStoreDB client, against the in-process server of the protocol subset it uses;
/// plus the mapping: expected revisions, positions among other streams' events, addresses.
/// </summary>
public sealed class EventStoreDbStoreTests : EventStoreContract
{
    private readonly List<FakeEventStoreDb> _servers = [];
    private readonly Dictionary<IEventStore, (FakeEventStoreDb Server, HttpMessageHandler Handler)> _handles = [];

    protected override IEventStore CreateStore()
    {
        var server = new FakeEventStoreDb();
        _servers.Add(server);
        var handler = server.Start();
        var store = EventStoreDbStore.Open("http://localhost", Clock, handler);
        _handles[store] = (server, handler);
        return store;
    }

    protected override IEventStore OpenAgain(IEventStore store)
    {
        var (server, handler) = _handles[store];
        var again = EventStoreDbStore.Open("http://localhost", Clock, handler);
        _handles[again] = (server, handler);
        return again;
    }

    public override void Dispose()
    {
        foreach (var server in _servers) server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public async Task OtherStreamsInAll_AreSkipped_AndPositionsStayGapFree()
    {
        using var store = CreateStore();
        var server = _handles[store].Server;
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        server.Write("orders-17", ByteString.CopyFromUtf8("{\"not\":\"ours\"}"));
        chain.Append(ChainBuilder.Note());
        chain.Append(ChainBuilder.Note("again"));
        var result = await store.AppendAsync(chain.Stream, ExpectedRevision.Exactly(1), chain.Events.Skip(1).ToList());
        Assert.Equal((2L, 3L), (result.FirstPosition, result.LastPosition));
        var read = await ReadAll(store, 2);
        Assert.Equal([2L, 3L], read.Select(e => e.Position));
        Assert.Equal(chain.Events.Skip(1).Select(e => e.Id), read.Select(e => e.Id));
        Assert.Equal(MerkleTree.CheckpointOf(chain.Events.Select(e => e.Id)), await store.HeadAsync());
    }

    [Theory]
    [InlineData("esdb://127.0.0.1:2113?tls=false", "http://127.0.0.1:2113/")]
    [InlineData("esdb://db.example.org?tls=true", "https://db.example.org:2113/")]
    [InlineData("esdb://db.example.org:1234", "https://db.example.org:1234/")]
    public void Addresses_MapToTheGrpcEndpoint(string address, string expected) =>
        Assert.Equal(expected, EventStoreDbStore.ToHttp(address).ToString());

    [Fact]
    public void Addresses_NotEsdb_AreRefusedClearly() =>
        Assert.Contains("not an EventStoreDB address", Assert.Throws<LedgerStoreException>(() => EventStoreDbStore.ToHttp("ftp://x")).Message);

    [Fact]
    public async Task ServerDown_IsAClearError()
    {
        using var store = EventStoreDbStore.Open("esdb://127.0.0.1:1?tls=false");
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.HeadAsync());
        Assert.Contains("cannot be reached", e.Message);
    }

    [Fact]
    public async Task AccessDenied_IsAClearError_AndNothingIsWritten()
    {
        using var store = CreateStore();
        _handles[store].Server.RefuseAppends = Grpc.Core.StatusCode.PermissionDenied;
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events));
        Assert.Contains("denied access", e.Message);
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
    }

    [Fact]
    public async Task AnAppendPastItsDeadline_IsAClearError_AndNothingIsWritten()
    {
        using var store = (EventStoreDbStore)CreateStore();
        var server = _handles[store].Server;
        store.AppendDeadline = TimeSpan.FromMilliseconds(200);
        server.AppendDelay = TimeSpan.FromSeconds(1);
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events));
        Assert.Contains("deadline", e.Message);
        server.AppendDelay = TimeSpan.Zero;
        await server.SlowAppendHandled.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
    }

    [Fact]
    public async Task AFollowerNamingTheLeader_IsFollowedOnce_AndTheAppendLandsThere()
    {
        using var store = (EventStoreDbStore)CreateStore();
        var server = _handles[store].Server;
        server.NotLeader = ("leader.example", 2113, 1);
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        var result = await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        Assert.Equal(1, result.LastPosition);
        Assert.Equal(["localhost", "leader.example:2113"], server.AppendHosts);
        Assert.Contains("leader.example:2113", store.Description);
    }

    [Fact]
    public async Task ALeaderThatMovesAgain_IsNotChased_ButReportedClearly()
    {
        using var store = (EventStoreDbStore)CreateStore();
        var server = _handles[store].Server;
        server.NotLeader = ("leader.example", 2113, 2);
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events));
        Assert.Contains("is not the leader", e.Message);
        Assert.Equal(2, server.AppendHosts.Count);
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
    }
}
