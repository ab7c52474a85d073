using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Sqlite;
using CreatorLedger.Tests.Ledger;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CreatorLedger.Tests.Store;

/// <summary>The store contract against a real SQLite file, plus what only the embedded store promises.</summary>
public sealed class SqliteEventStoreTests : EventStoreContract
{
    private readonly TempDirectory _directory = new();
    private int _count;

    protected override IEventStore CreateStore() => SqliteEventStore.Open(_directory.File($"ledger-{++_count}.db"), Clock);

    protected override IEventStore OpenAgain(IEventStore store) => SqliteEventStore.Open(((SqliteEventStore)store).Path, Clock);

    // Another file in the same folder.
    protected override IEventStore OpenOtherLedger(IEventStore store, string name) =>
        SqliteEventStore.Open(Path.ChangeExtension(((SqliteEventStore)store).Path, null) + $"-{name}.db", Clock);

    public override void Dispose() => _directory.Dispose();

    private async Task<string> LedgerWithEvents()
    {
        using var store = (SqliteEventStore)CreateStore();
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        chain.Append(ChainBuilder.Note());
        await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        return store.Path;
    }

    [Theory]
    [InlineData("UPDATE events SET envelope = x'00' WHERE position = 1")]
    [InlineData("DELETE FROM events WHERE position = 2")]
    public async Task Triggers_RefuseUpdateAndDelete(string sql)
    {
        var path = await LedgerWithEvents();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var e = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
        Assert.Contains("append-only", e.Message);
    }

    [Theory]
    [InlineData("UPDATE events SET envelope = x'7b7d' WHERE position = 2", "Malformed")]
    [InlineData("UPDATE events SET envelope = CAST(replace(CAST(envelope AS TEXT), 'hello', 'HELLO') AS BLOB) WHERE position = 2", "BadSignature")]
    public async Task IntegrityCheck_RowAlteredBehindTheStoresBack_IsNamedByPosition(string sql, string code)
    {
        var path = await LedgerWithEvents();
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // An operator with write access to the file can drop the triggers; signatures still give it away.
            command.CommandText = $"DROP TRIGGER events_refuse_update; {sql};";
            command.ExecuteNonQuery();
        }
        using var store = SqliteEventStore.Open(path, Clock);
        var report = await LedgerVerifier.VerifyAsync(store);
        // The row, by its position; and the head the store kept, which its events no longer give.
        Assert.Equal(2, report.Problems.Count);
        var problem = report.Problems[0];
        Assert.Equal(2, problem.Position);
        Assert.Equal(code, problem.Code);
        Assert.Equal("CheckpointMismatch", report.Problems[1].Code);
        Assert.Equal(2, report.Events);
    }

    [Fact]
    public async Task ReadEnvelopes_ReturnsTheStoredBytesInOrder()
    {
        var path = await LedgerWithEvents();
        using var store = SqliteEventStore.Open(path, Clock);
        var parsed = await ReadAll(store);
        var raw = new List<StoredEnvelope>();
        await foreach (var e in store.ReadEnvelopesAsync()) raw.Add(e);
        Assert.Equal(parsed.Select(e => e.Position), raw.Select(e => e.Position));
        Assert.Equal(parsed.Select(e => e.Event.Bytes), raw.Select(e => e.Bytes));
    }

    [Fact]
    public async Task Open_UsesWriteAheadLogging()
    {
        var path = await LedgerWithEvents();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void Open_FileThatIsNotSqlite_IsRefusedClearly()
    {
        var path = _directory.File("not-a-ledger.db");
        File.WriteAllText(path, "this is a text file, not a database\n".PadRight(4096, 'x'));
        var e = Assert.Throws<LedgerStoreException>(() => SqliteEventStore.Open(path, Clock));
        Assert.Contains("not an SQLite database", e.Message);
        Assert.StartsWith("this is a text file", File.ReadAllText(path));
    }

    [Fact]
    public void Open_SqliteDatabaseOfAnotherApplication_IsRefused()
    {
        var path = _directory.File("other.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE customers (id INTEGER)";
            command.ExecuteNonQuery();
        }
        var e = Assert.Throws<LedgerStoreException>(() => SqliteEventStore.Open(path, Clock));
        Assert.Contains("not a CreatorLedger store", e.Message);
    }

    [Fact]
    public async Task Open_SchemaFromANewerVersion_IsRefused()
    {
        var path = await LedgerWithEvents();
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE ledger_meta SET value = 99 WHERE key = 'schema'";
            command.ExecuteNonQuery();
        }
        var e = Assert.Throws<LedgerStoreException>(() => SqliteEventStore.Open(path, Clock));
        Assert.Contains("newer", e.Message);
    }

    [Fact]
    public async Task Reopen_KeepsTheSameHead()
    {
        var path = await LedgerWithEvents();
        Checkpoint before;
        using (var store = SqliteEventStore.Open(path, Clock)) before = await store.HeadAsync();
        using var again = SqliteEventStore.Open(path, Clock);
        Assert.Equal(before, await again.HeadAsync());
        Assert.Equal(2, before.Size);
    }

    [Fact]
    public async Task AuthorAppend_TenThousandEvents_UsesAHandfulOfTransactions()
    {
        using var store = (SqliteEventStore)CreateStore();
        var key = SigningKey.Generate();
        await Author.CreateIdentityAsync(store, key, new CreatorLedger.Events.IdentityCreated("Alice", "creator"), Clock);
        int batches = 0;
        var drafts = Enumerable.Range(0, 10_000).Select(i => ChainBuilder.Note($"n{i}")).ToArray();
        await new Author(store, key.Id, key, Clock).AppendAsync(drafts, new SynchronousProgress(() => batches++));
        Assert.Equal(10, batches);
        Assert.Equal(10_001, (await store.HeadAsync()).Size);
    }

    private sealed class SynchronousProgress(Action report) : IProgress<int>
    {
        public void Report(int value) => report();
    }
}
