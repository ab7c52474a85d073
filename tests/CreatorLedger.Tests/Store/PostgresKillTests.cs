using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Postgres;
using CreatorLedger.Tests.Ledger;
using Npgsql;
using Xunit;

namespace CreatorLedger.Tests.Store;

/// <summary>DESIGN §7 durability on the server store: a server killed in the middle of a batch append leaves the whole batch or none of it, and the ledger verifies after restart.</summary>
public sealed class PostgresKillTests
{
    [Fact]
    public async Task ServerKilledDuringABatchAppend_TheBatchIsAbsent_AndTheLedgerVerifiesAfterRestart()
    {
        using var server = new PrivatePostgres();
        using var store = PostgresEventStore.Open(server.ConnectionString);
        for (int round = 0; round < 2; round++)
        {
            // A new author each round: its genesis is committed, then a large batch of its is cut off by the kill.
            var chain = new ChainBuilder(SigningKey.Generate());
            chain.Genesis();
            await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
            var head = await store.HeadAsync();
            for (int i = 0; i < 5_000; i++) chain.Append(ChainBuilder.Note($"{round}-{i}"));
            var batch = chain.Events.Skip(1).ToList();
            // Held by another session, a SHARE lock on cl_heads lets the append read and COPY its rows but stops it at
            // its last statement: the kill then lands in the middle of the batch, every time.
            await using (var blocker = new NpgsqlConnection(server.ConnectionString))
            {
                await blocker.OpenAsync();
                await using var transaction = await blocker.BeginTransactionAsync();
                await using (var lockHeads = new NpgsqlCommand("LOCK TABLE cl_heads IN SHARE MODE", blocker, transaction))
                    await lockHeads.ExecuteNonQueryAsync();
                var append = Task.Run(() => store.AppendAsync(chain.Stream, ExpectedRevision.Exactly(1), batch));
                await WaitUntilCopiedAndBlockedAsync(server.ConnectionString, append);
                server.Kill();
                var failure = await Record.ExceptionAsync(() => append);
                Assert.IsType<LedgerStoreException>(failure);
            }
            server.Start();

            Assert.Equal(head, await store.HeadAsync());
            var report = await LedgerVerifier.VerifyAsync(store);
            Assert.True(report.IsValid, string.Join("; ", report.Problems));
            Assert.Equal(head.Size, report.Events);
            // The batch goes in afterwards as if it had never been started.
            await store.AppendAsync(chain.Stream, ExpectedRevision.Exactly(1), batch.Take(10).ToList());
            Assert.Equal(head.Size + 10, (await store.HeadAsync()).Size);
        }
    }

    private static async Task WaitUntilCopiedAndBlockedAsync(string connectionString, Task append)
    {
        await using var watcher = new NpgsqlConnection(connectionString);
        await watcher.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!append.IsCompleted && DateTime.UtcNow < deadline)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO cl_heads%'", watcher);
            if ((long)(await command.ExecuteScalarAsync())! > 0) return;
            await Task.Delay(10);
        }
        throw new InvalidOperationException($"The batch append never reached its last statement: {append.Exception?.GetBaseException().Message ?? "still running"}.");
    }
}
