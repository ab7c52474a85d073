using CreatorLedger.EventStore;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Tests.Ledger;
using Google.Protobuf;
using CreatorLedger.TestEventStoreDb;
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

    // The store above is the server's default ledger; this one a named ledger beside it.
    protected override IEventStore OpenOtherLedger(IEventStore store, string name)
    {
        var (server, handler) = _handles[store];
        var other = EventStoreDbStore.Open("http://localhost", Clock, handler, name);
        _handles[other] = (server, handler);
        return other;
    }

    // The server records appends with its own clock, as EventStoreDB does.
    protected override DateTimeOffset StoreNow() => DateTimeOffset.UtcNow;

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

    [Fact]
    public async Task ANodeThatIsDown_IsLeftForTheNextOneNamed_OverRealSockets()
    {
        await using var server = new FakeEventStoreDb();
        int port = server.StartOnLoopback(null);
        // Port 1 refuses connections: the first node named is down.
        using var store = EventStoreDbStore.Open($"esdb://127.0.0.1:1,127.0.0.1:{port}?tls=false", Clock);
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        var result = await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        Assert.Equal(1, result.LastPosition);
        Assert.Equal($"EventStoreDB 127.0.0.1:{port}", store.Description);
        Assert.Equal(1, server.Appended);
    }

    [Fact]
    public async Task AllNodesDown_IsAClearError_NamingEveryNode()
    {
        using var store = EventStoreDbStore.Open("esdb://127.0.0.1:1,127.0.0.1:9?tls=false");
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.HeadAsync());
        Assert.Contains("None of the EventStoreDB nodes 127.0.0.1:", e.Message);
        Assert.Contains("127.0.0.1:1", e.Message);
        Assert.Contains("127.0.0.1:9", e.Message);
    }

    [Fact]
    public async Task ServerDown_IsAClearError()
    {
        using var store = EventStoreDbStore.Open("esdb://127.0.0.1:1?tls=false");
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.HeadAsync());
        Assert.Contains("cannot be reached", e.Message);
    }

    [Fact]
    public async Task AStreamHeadRemembered_IsBroughtUpToDate_WithWhatAnotherWriterAppended()
    {
        using var first = CreateStore();
        using var second = OpenAgain(first);
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        await first.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        chain.Append(ChainBuilder.Note("by the second process"));
        await second.AppendAsync(chain.Stream, ExpectedRevision.Exactly(1), [chain.Events[1]]);
        // The first store remembered seq 1; its head must now say seq 2, and an append chained on it must land.
        Assert.Equal(2, (await first.GetStreamHeadAsync(chain.Stream))!.Seq);
        chain.Append(ChainBuilder.Note("by the first again"));
        var result = await first.AppendAsync(chain.Stream, ExpectedRevision.Exactly(2), [chain.Events[2]]);
        Assert.Equal(3, result.LastPosition);
        Assert.Equal(MerkleTree.CheckpointOf(chain.Events.Select(e => e.Id)), await second.HeadAsync());
    }

    [Fact]
    public async Task ADeletedStream_IsAClearError_ThatSaysHowToRecover()
    {
        using var store = (EventStoreDbStore)CreateStore();
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        _handles[store].Server.DeletedStreams.Add(store.StreamName(chain.Stream));
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.GetStreamHeadAsync(chain.Stream));
        Assert.Contains($"the stream {store.StreamName(chain.Stream)} was deleted on the server", e.Message);
        Assert.Contains("Sync-Ledger", e.Message);
    }

    [Theory]
    [InlineData(Grpc.Core.StatusCode.Unknown, "No leader info available in response", "knows of none: the cluster is electing one")]
    [InlineData(Grpc.Core.StatusCode.Unavailable, "Server Is Not Ready", "is up but not serving yet")]
    [InlineData(Grpc.Core.StatusCode.Unavailable, "Server Is Too Busy", "is up but not serving yet")]
    public async Task ANodeThatCannotServe_SaysWhy(Grpc.Core.StatusCode status, string detail, string expected)
    {
        using var store = CreateStore();
        _handles[store].Server.Unwell = new Grpc.Core.Status(status, detail);
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.HeadAsync());
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task AnOlderServer_WithoutPositionsInStreamReads_StillGivesLedgerPositions()
    {
        using var store = CreateStore();
        var server = _handles[store].Server;
        server.StreamReadsWithoutPositions = true;
        var other = new ChainBuilder(SigningKey.Generate());
        other.Genesis();
        await store.AppendAsync(other.Stream, ExpectedRevision.NoStream, other.Events);
        server.Write("orders-9", ByteString.CopyFromUtf8("{}"));
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        chain.Append(ChainBuilder.Note());
        await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        var read = new List<CreatorLedger.Events.RecordedEvent>();
        await foreach (var e in store.ReadStreamAsync(chain.Stream)) read.Add(e);
        Assert.Equal([2L, 3L], read.Select(e => e.Position));
        Assert.Equal(3, (await store.FindAsync(chain.Stream, 2))!.Position);
    }

    [Fact]
    public async Task EventsWrittenWithoutTheirIdBeside_AreParsedForIt()
    {
        using var store = (EventStoreDbStore)CreateStore();
        var server = _handles[store].Server;
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        chain.Append(ChainBuilder.Note());
        // As another tool (or an earlier version) would have written them: the signed bytes, nothing beside.
        foreach (var e in chain.Events) server.Write(store.StreamName(chain.Stream), ByteString.CopyFrom(e.Bytes));
        Assert.Equal(MerkleTree.CheckpointOf(chain.Events.Select(e => e.Id)), await store.HeadAsync());
        var envelopes = new List<StoredEnvelope>();
        await foreach (var stored in store.ReadEnvelopesAsync()) envelopes.Add(stored);
        Assert.All(envelopes, stored => Assert.Null(stored.Id));
    }

    [Fact]
    public async Task AForgedIdBesideAnEvent_IsCaughtByTheIntegrityCheck()
    {
        using var store = (EventStoreDbStore)CreateStore();
        var server = _handles[store].Server;
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        server.Write(store.StreamName(chain.Stream), ByteString.CopyFrom(chain.Events[0].Bytes), ByteString.CopyFrom(new byte[32]));
        // The store trusts the id beside the event, as it trusts SQLite's id column; re-verifying from the bytes disagrees.
        var head = await store.HeadAsync();
        var report = await LedgerVerifier.VerifyAsync(store);
        Assert.Equal(head.Size, report.Checkpoint.Size);
        Assert.NotEqual(head.Root, report.Checkpoint.Root);
        Assert.Equal(MerkleTree.CheckpointOf(chain.Events.Select(e => e.Id)), report.Checkpoint);
        Assert.Contains(report.Problems, p => p.Code == "CheckpointMismatch" && p.Message.Contains(head.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccessDenied_MidAppend_IsAClearError_AndNothingIsWritten()
    {
        using var store = CreateStore();
        _handles[store].Server.RefuseAppends = Grpc.Core.StatusCode.PermissionDenied;
        // Many events, so that the server refuses while the client is still writing (its status must still be read).
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        for (int i = 0; i < 800; i++) chain.Append(ChainBuilder.Note($"n{i}"));
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events));
        Assert.Contains("denied access to an anonymous caller", e.Message);
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
    }

    [Fact]
    public async Task AnAppendLargerThanTheServerTakes_IsSplit_AndEveryEventLandsInOrder()
    {
        using var store = CreateStore();
        var server = _handles[store].Server;
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        for (int i = 0; i < 3000; i++) chain.Append(ChainBuilder.Note(new string('x', 1000) + i));
        Assert.True(chain.Events.Sum(e => e.Bytes.Length) > 2 * server.MaxAppendSize);
        var result = await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        Assert.Equal((1L, 3001L), (result.FirstPosition, result.LastPosition));
        Assert.Equal(chain.Events.Select(e => e.Id), (await ReadAll(store)).Select(e => e.Id));
        Assert.Equal(MerkleTree.CheckpointOf(chain.Events.Select(e => e.Id)), await store.HeadAsync());
    }

    [Fact]
    public async Task AServerWithASmallerAppendLimit_IsBelieved_AndTheAppendStillLands()
    {
        using var store = (EventStoreDbStore)CreateStore();
        var server = _handles[store].Server;
        server.MaxAppendSize = 8 * 1024;
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        for (int i = 0; i < 200; i++) chain.Append(ChainBuilder.Note($"n{i}"));
        await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        Assert.Equal(8 * 1024, store.MaxAppendSize);
        Assert.Equal(chain.Events.Select(e => e.Id), (await ReadAll(store)).Select(e => e.Id));
    }

    [Fact]
    public async Task AnEventLargerThanTheServerTakes_IsAClearError_AndNothingIsWritten()
    {
        using var store = CreateStore();
        _handles[store].Server.MaxAppendSize = 200;
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        var e = await Assert.ThrowsAsync<AppendTooLargeException>(() => store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events));
        Assert.Contains("larger than its maximum append size (200 bytes)", e.Message);
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
    }

    [Fact]
    public async Task AnAppendPastItsDeadline_SaysTheOutcomeIsUnknown_AndAResendOfTheSameEventsIsHarmless()
    {
        using var store = (EventStoreDbStore)CreateStore();
        var server = _handles[store].Server;
        store.AppendDeadline = TimeSpan.FromMilliseconds(500);
        server.WriteAfterCallerGivesUp = true;
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events));
        Assert.Contains("did not confirm the append in time", e.Message);
        Assert.Contains("may still have written it", e.Message);
        server.WriteAfterCallerGivesUp = false;
        await server.SlowAppendHandled.WaitAsync(TimeSpan.FromSeconds(10));
        // The server wrote it after the client gave up: the store sees it, and resending the same events (as a sync or
        // an import does) leaves them on the ledger exactly once.
        var outcome = await LedgerImport.ImportAsync(store, chain.Events.Select((x, i) => ((long)i + 1, x.Bytes.ToArray())), Clock);
        Assert.Equal((0L, 1L), (outcome.Imported, outcome.AlreadyPresent));
        Assert.Equal(MerkleTree.CheckpointOf(chain.Events.Select(x => x.Id)), await store.HeadAsync());
    }

    [Fact]
    public async Task AFollowerNamingTheLeader_IsFollowedOnce_AndEveryCallGoesThere()
    {
        using var store = (EventStoreDbStore)CreateStore();
        var server = _handles[store].Server;
        server.NotLeader = ("leader.example", 2113, 1);
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        var result = await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        Assert.Equal(1, result.LastPosition);
        // The first call (reading the stream's head) was refused by the follower; the append went to the leader.
        Assert.Equal(["leader.example:2113"], server.AppendHosts);
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
        Assert.Empty(server.AppendHosts);
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
    }
}
