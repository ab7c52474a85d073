using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Postgres;
using CreatorLedger.Tests.Ledger;
using Npgsql;
using Xunit;

namespace CreatorLedger.Tests.Store;

/// <summary>The store contract against a real PostgreSQL server, plus what only the server store promises.</summary>
public sealed class PostgresEventStoreTests : EventStoreContract
{
    private readonly TestPostgres _server = new();
    private readonly Dictionary<IEventStore, string> _connectionStrings = [];

    protected override IEventStore CreateStore()
    {
        var connectionString = _server.NewDatabase();
        var store = PostgresEventStore.Open(connectionString, Clock);
        _connectionStrings[store] = connectionString;
        return store;
    }

    protected override IEventStore OpenAgain(IEventStore store)
    {
        var again = PostgresEventStore.Open(_connectionStrings[store], Clock);
        _connectionStrings[again] = _connectionStrings[store];
        return again;
    }

    // Another database on the same server.
    protected override IEventStore OpenOtherLedger(IEventStore store, string name) => CreateStore();

    public override void Dispose() => _server.Dispose();

    private async Task<string> LedgerWithEvents()
    {
        using var store = CreateStore();
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        chain.Append(ChainBuilder.Note());
        await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        return _connectionStrings[store];
    }

    [Theory]
    [InlineData("UPDATE cl_events SET envelope = '\\x00' WHERE position = 1")]
    [InlineData("DELETE FROM cl_events WHERE position = 2")]
    [InlineData("TRUNCATE cl_events")]
    [InlineData("DELETE FROM cl_heads")]
    public async Task Triggers_RefuseUpdateDeleteAndTruncate(string sql)
    {
        var connectionString = await LedgerWithEvents();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var e = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Contains("append-only", e.MessageText);
    }

    [Fact]
    public async Task AWriterRacingPastTheHeadCheck_IsReportedWithTheStreamsRealRevision()
    {
        var connectionString = _server.NewDatabase();
        using var store = PostgresEventStore.Open(connectionString, Clock);
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        var theirs = chain.Draft(ChainBuilder.Note("theirs"), seq: 2, prev: chain.Events[0].Id);
        var mine = chain.Draft(ChainBuilder.Note("mine"), seq: 2, prev: chain.Events[0].Id);

        // A writer that skips the append lock (a hand-written INSERT) has written seq 2 and not committed yet: the
        // store's head check cannot see it, so the append gets past the check and meets it in the unique index.
        await using var foreign = new NpgsqlConnection(connectionString);
        await foreign.OpenAsync();
        await using var transaction = await foreign.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO cl_events (position, id, stream, seq, type, recorded, envelope) VALUES (2, @id, @stream, 2, 'Note', '2026-06-01T00:00:00.000Z', @envelope)",
            foreign, transaction))
        {
            insert.Parameters.AddWithValue("id", theirs.Id.ToBytes());
            insert.Parameters.AddWithValue("stream", theirs.Stream.Value);
            insert.Parameters.AddWithValue("envelope", theirs.Bytes);
            await insert.ExecuteNonQueryAsync();
        }
        var appending = store.AppendAsync(chain.Stream, ExpectedRevision.Exactly(1), [mine]);
        await WaitUntilAnAppendWaitsOnALock(connectionString);
        await transaction.CommitAsync();

        var e = await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => appending);
        Assert.Equal(chain.Stream, e.Stream);
        Assert.Equal(ExpectedRevision.Exactly(1), e.Expected);
        Assert.Equal(2, e.Actual);
    }

    /// <summary>Until PostgreSQL shows a COPY into the ledger waiting for a lock (another transaction's row); at most 30 s.</summary>
    private static async Task WaitUntilAnAppendWaitsOnALock(string connectionString)
    {
        await using var watcher = new NpgsqlConnection(connectionString);
        await watcher.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'COPY cl_events%'", watcher);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((long)(await query.ExecuteScalarAsync())! == 0)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The append never reached the row the other writer holds.");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Open_SchemaFromANewerVersion_IsRefusedClearly()
    {
        var connectionString = await LedgerWithEvents();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("INSERT INTO cl_schema (version) VALUES (99)", connection);
            await command.ExecuteNonQueryAsync();
        }
        var e = Assert.Throws<LedgerStoreException>(() => PostgresEventStore.Open(connectionString));
        Assert.Contains("newer CreatorLedger (schema 99)", e.Message);
    }

    [Fact]
    public void Open_ServerDown_IsAClearErrorWithoutThePassword()
    {
        var e = Assert.Throws<LedgerStoreException>(() =>
            PostgresEventStore.Open("Host=127.0.0.1;Port=1;Database=none;Username=nobody;Password=s3cret-passw0rd;Timeout=2"));
        Assert.Contains("cannot be reached", e.Message);
        Assert.DoesNotContain("s3cret-passw0rd", e.Message);
        Assert.DoesNotContain("s3cret-passw0rd", e.ToString());
    }

    [Fact]
    public void Open_WrongPassword_IsAClearErrorWithoutThePassword()
    {
        var builder = new NpgsqlConnectionStringBuilder(TestPostgres.AdminConnectionString) { Username = "creatorledger_nobody", Password = "s3cret-passw0rd" };
        var e = Assert.Throws<LedgerStoreException>(() => PostgresEventStore.Open(builder.ConnectionString));
        Assert.DoesNotContain("s3cret-passw0rd", e.Message);
        Assert.Contains(builder.Host!, e.Message);
    }

    [Fact]
    public async Task ConcurrentAppenders_ATailingReaderSeesEveryEventOnceInPositionOrder()
    {
        using var store = CreateStore();
        const int Writers = 4, Batches = 25, PerBatch = 20;
        var writers = Enumerable.Range(0, Writers).Select(async w =>
        {
            using var own = OpenAgain(store);
            var chain = new ChainBuilder(SigningKey.Generate());
            chain.Genesis();
            await own.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
            for (int b = 0; b < Batches; b++)
            {
                var from = chain.Events.Count;
                for (int i = 0; i < PerBatch; i++) chain.Append(ChainBuilder.Note($"{w}-{b}-{i}"));
                await own.AppendAsync(chain.Stream, ExpectedRevision.Exactly(from), chain.Events.Skip(from).ToList());
            }
        }).ToArray();
        long expected = Writers * (1 + Batches * PerBatch);
        var seen = new List<long>();
        using var reader = OpenAgain(store);
        var all = Task.WhenAll(writers);
        while (seen.Count < expected)
        {
            // Tail: read from the next position; anything read must continue the sequence without a hole.
            await foreach (var e in reader.ReadEnvelopesAsync(seen.Count + 1))
            {
                Assert.Equal(seen.Count + 1, e.Position);
                seen.Add(e.Position);
            }
            if (all.IsFaulted) await all;
        }
        await all;
        Assert.Equal(Enumerable.Range(1, (int)expected).Select(i => (long)i), seen);
        Assert.Equal((await reader.HeadAsync()).Size, expected);
    }

    [Fact]
    public async Task Roles_AWriterAppendsButCannotChange_AReaderOnlyReads()
    {
        var connectionString = await LedgerWithEvents();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"CREATE ROLE w_{suffix} LOGIN IN ROLE creatorledger_writer; CREATE ROLE r_{suffix} LOGIN IN ROLE creatorledger_reader;", admin);
            await command.ExecuteNonQueryAsync();
        }
        string As(string role) => new NpgsqlConnectionStringBuilder(connectionString) { Username = role }.ConnectionString;

        using var writer = PostgresEventStore.Open(As($"w_{suffix}"), Clock);
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        await writer.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        Assert.Equal(3, (await writer.HeadAsync()).Size);
        await using (var connection = new NpgsqlConnection(As($"w_{suffix}")))
        {
            await connection.OpenAsync();
            await using var update = new NpgsqlCommand("UPDATE cl_events SET type = 'x'", connection);
            var denied = await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
        }

        using var reader = PostgresEventStore.Open(As($"r_{suffix}"), Clock);
        Assert.Equal(3, (await reader.HeadAsync()).Size);
        var other = new ChainBuilder(SigningKey.Generate());
        other.Genesis();
        var refused = await Assert.ThrowsAsync<LedgerStoreException>(() => reader.AppendAsync(other.Stream, ExpectedRevision.NoStream, other.Events));
        Assert.Contains("permission denied", refused.Message);
        Assert.Equal(3, (await reader.HeadAsync()).Size);
    }

    [Fact]
    public async Task ARowAlteredBehindTheStoresBack_ByASuperuser_IsNamedByTheIntegrityCheck()
    {
        var connectionString = await LedgerWithEvents();
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            // A superuser can switch the triggers off; the signatures still give the change away.
            await using var command = new NpgsqlCommand(
                "SET session_replication_role = replica; UPDATE cl_events SET envelope = replace(convert_from(envelope, 'UTF8'), 'hello', 'hellO')::bytea WHERE position = 2;",
                admin);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        using var store = PostgresEventStore.Open(connectionString, Clock);
        var report = await LedgerVerifier.VerifyAsync(store);
        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.Position == 2);
    }
}
