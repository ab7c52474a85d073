using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Postgres;
using CreatorLedger.Sqlite;
using CreatorLedger.Tests.Ledger;
using CreatorLedger.Tests.Vectors;
using Xunit;

namespace CreatorLedger.Tests.Store;

/// <summary>Mirrors (DESIGN §7, issue 5): only what the destination lacks is copied, verified, resumably, in both directions between SQLite and PostgreSQL and from JSON Lines.</summary>
public sealed class LedgerSyncTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly TestPostgres _server = new();
    private int _count;

    public void Dispose()
    {
        _directory.Dispose();
        _server.Dispose();
    }

    private SqliteEventStore NewSqlite() => SqliteEventStore.Open(_directory.File($"s{++_count}.db"));

    private static async Task<IReadOnlyList<SignedEvent>> Fill(IEventStore store, int authors = 3, int notes = 40)
    {
        var all = new List<SignedEvent>();
        for (int a = 0; a < authors; a++)
        {
            var chain = new ChainBuilder(SigningKey.Generate());
            chain.Genesis();
            for (int i = 0; i < notes; i++) chain.Append(ChainBuilder.Note($"{a}-{i}"));
            await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
            all.AddRange(chain.Events);
        }
        return all;
    }

    [Fact]
    public async Task Sync_IntoAnEmptyStore_CopiesEverything_AndReproducesTheCheckpoint_ThenNothing()
    {
        using var source = NewSqlite();
        await Fill(source);
        using var mirror = NewSqlite();
        var outcome = await LedgerSync.SyncAsync(source.ReadEnvelopesAsync(), mirror, "source");
        Assert.Equal((123L, 0L, 123L), (outcome.SourceSize, outcome.Before, outcome.Copied));
        Assert.Equal(await source.HeadAsync(), await mirror.HeadAsync());
        var again = await LedgerSync.SyncAsync(source.ReadEnvelopesAsync(), mirror, "source");
        Assert.Equal(0, again.Copied);
    }

    [Fact]
    public async Task Sync_FromASourceThatRepeatsAnEvent_SaysTheSourceIsDamaged_NamingBothPositions_AndWritesNothing()
    {
        using var source = NewSqlite();
        var events = await Fill(source, authors: 1, notes: 4);
        // A source serving an event a second time (as a store reading another ledger's streams as its own did).
        var served = events.Select((e, i) => new StoredEnvelope(i + 1, e.Bytes, null)).ToList();
        served.Insert(3, new StoredEnvelope(4, events[1].Bytes, null));
        for (int i = 4; i < served.Count; i++) served[i] = served[i] with { Position = i + 1 };
        using var mirror = NewSqlite();
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => LedgerSync.SyncAsync(served.ToAsyncEnumerable(), mirror, "the source"));
        Assert.Contains($"the source holds the same event ({events[1].Id}) twice, at positions 2 and 4", e.Message);
        Assert.DoesNotContain("not a mirror", e.Message);
        Assert.Equal(Checkpoint.Empty, await mirror.HeadAsync());
    }

    [Fact]
    public async Task Sync_FromASourceThatForks_SaysTheSourceForks_NamingBothPositions_AndWritesNothing()
    {
        var lines = TestFiles.VectorLines("bad-fork.jsonl").Select((l, i) => new StoredEnvelope(i + 1, Encoding.UTF8.GetBytes(l), null)).ToList();
        using var mirror = NewSqlite();
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => LedgerSync.SyncAsync(lines.ToAsyncEnumerable(), mirror, "fork.jsonl"));
        Assert.Matches(@"^fork\.jsonl forks: stream did:key:\S+ seq \d+ is one event at position \d+ and another \([0-9a-f]{64}\) at position 13", e.Message);
        Assert.Equal(Checkpoint.Empty, await mirror.HeadAsync());
    }

    [Fact]
    public async Task Sync_AfterAnInterruption_ResumesWhereTheMirrorStands()
    {
        using var source = NewSqlite();
        await Fill(source, authors: 4, notes: 2_000);
        using var mirror = NewSqlite();
        // An interrupted sync: cancelled after its first batch was committed.
        using var cancel = new CancellationTokenSource();
        var progress = new Progress(() => cancel.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LedgerSync.SyncAsync(source.ReadEnvelopesAsync(), mirror, "source", progress, cancel.Token));
        var partial = await mirror.HeadAsync();
        Assert.Equal(LedgerSync.Batch, partial.Size);
        var rest = await LedgerSync.SyncAsync(source.ReadEnvelopesAsync(), mirror, "source");
        Assert.Equal((long)LedgerSync.Batch, rest.Before);
        Assert.Equal(8_004 - LedgerSync.Batch, rest.Copied);
        Assert.Equal(await source.HeadAsync(), await mirror.HeadAsync());
    }

    [Fact]
    public async Task Sync_IntoAnotherLedger_IsRefusedAndWritesNothing()
    {
        using var source = NewSqlite();
        await Fill(source);
        using var other = NewSqlite();
        await Fill(other, authors: 1, notes: 3);
        var before = await other.HeadAsync();
        var e = await Assert.ThrowsAsync<CheckpointMismatchException>(() => LedgerSync.SyncAsync(source.ReadEnvelopesAsync(), other, "source"));
        Assert.Contains("not a mirror", e.Message);
        Assert.Equal(before, await other.HeadAsync());

        using var longer = NewSqlite();
        await Fill(longer, authors: 5, notes: 40);
        await Assert.ThrowsAsync<LedgerStoreException>(() => LedgerSync.SyncAsync(source.ReadEnvelopesAsync(), longer, "source"));
    }

    [Fact]
    public async Task Sync_FromJsonLines_ReproducesTheVectorsCheckpoint()
    {
        using var mirror = NewSqlite();
        var lines = AsAsync(VectorLedger.Lines.Select((l, i) => new StoredEnvelope(i + 1, Encoding.UTF8.GetBytes(l), null)));
        var outcome = await LedgerSync.SyncAsync(lines, mirror, "ledger-v1.jsonl");
        Assert.Equal(VectorLedger.Lines.Length, outcome.Copied);
        var (size, checkpoint) = VectorLedger.Checkpoints.MaxBy(c => c.Size);
        Assert.Equal(VectorLedger.Lines.Length, size);
        Assert.Equal(checkpoint, (await mirror.HeadAsync()).ToString());
    }

    [Fact]
    public async Task Sync_BetweenPostgresAndSqlite_BothWays()
    {
        using var server = PostgresEventStore.Open(_server.NewDatabase());
        await Fill(server);
        using var local = NewSqlite();
        await LedgerSync.SyncAsync(server.ReadEnvelopesAsync(), local, server.Description);
        Assert.Equal(await server.HeadAsync(), await local.HeadAsync());
        // The local mirror gains events (say, from another source) and the server catches up from it.
        await Fill(local, authors: 1, notes: 10);
        var back = await LedgerSync.SyncAsync(local.ReadEnvelopesAsync(), server, local.Description);
        Assert.Equal(11, back.Copied);
        Assert.Equal(await local.HeadAsync(), await server.HeadAsync());
    }

    private static async IAsyncEnumerable<StoredEnvelope> AsAsync(IEnumerable<StoredEnvelope> items)
    {
        foreach (var item in items) yield return item;
        await Task.CompletedTask;
    }

    private sealed class Progress(Action onFirst) : IProgress<long>
    {
        private int _reported;

        public void Report(long value)
        {
            if (Interlocked.Exchange(ref _reported, 1) == 0) onFirst();
        }
    }
}
