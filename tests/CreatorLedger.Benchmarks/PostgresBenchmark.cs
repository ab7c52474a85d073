using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Postgres;
using CreatorLedger.Sqlite;
using CreatorLedger.Tests.Store;
using Marten;
using Npgsql;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// The server store (issue 5) on a throwaway local PostgreSQL started by the benchmark: batched append and full
/// read-back of the same signed envelopes through our store and through Marten's event store, side by side on the
/// same server; then a 10x larger ledger synced from PostgreSQL into SQLite (every event verified again).
/// </summary>
internal static class PostgresBenchmark
{
    /// <summary>What Marten stores for each of our envelopes: the same bytes, as JSON text.</summary>
    public sealed record LedgerEnvelope(string Stream, long Seq, string Envelope);

    public static async Task<BenchmarkResult[]> RunAsync(int count, Action<string> log)
    {
        PrivatePostgres server;
        try { server = new PrivatePostgres(); }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            log($"PostgreSQL benchmark skipped: no server could be started ({e.Message}).");
            return [];
        }
        using var _ = server;
        log($"Signing {count:N0} events for the PostgreSQL benchmark (not timed)...");
        using var key = SigningKey.Generate();
        var events = Sign(key, count);

        var ours = await Database(server, "ledger");
        var marten = await Database(server, "marten");
        using var store = await PostgresEventStore.OpenAsync(ours);
        using var documents = DocumentStore.For(options =>
        {
            options.Connection(marten);
            options.Events.StreamIdentity = JasperFx.Events.StreamIdentity.AsString;
        });
        await documents.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var payloads = events.Select(e => new LedgerEnvelope(e.Stream.Value, e.Seq, System.Text.Encoding.UTF8.GetString(e.Bytes))).ToArray();
        const int Batch = 1_000;

        var oursAppend = await Measure.SecondsAsync(async () =>
        {
            for (int i = 0; i < events.Count; i += Batch)
                await store.AppendAsync(key.Id, i == 0 ? ExpectedRevision.NoStream : ExpectedRevision.Exactly(i), events.Skip(i).Take(Batch).ToList());
        });
        var martenAppend = await Measure.SecondsAsync(async () =>
        {
            for (int i = 0; i < payloads.Length; i += Batch)
            {
                await using var session = documents.LightweightSession();
                var slice = payloads.Skip(i).Take(Batch).Cast<object>().ToArray();
                if (i == 0) session.Events.StartStream(key.Id.Value, slice);
                else session.Events.Append(key.Id.Value, i + slice.Length, slice);
                await session.SaveChangesAsync();
            }
        });
        long read = 0;
        var oursRead = await Measure.SecondsAsync(async () => { await foreach (var e in store.ReadAllAsync()) read++; });
        long raw = 0;
        var oursRaw = await Measure.SecondsAsync(async () => { await foreach (var e in store.ReadEnvelopesAsync()) raw++; });
        long martenRead = 0;
        var martenSeconds = await Measure.SecondsAsync(async () =>
        {
            await using var session = documents.QuerySession();
            var all = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
            martenRead = all.Count(e => e.Data is LedgerEnvelope);
        });
        if (read != count || raw != count || martenRead != count)
            throw new InvalidOperationException($"Read back {read} (parsed), {raw} (raw) and {martenRead} (Marten) events, expected {count}.");

        var append = new BenchmarkResult("PostgreSQL batched append (1,000 per batch)", "events/s", count, oursAppend, "Marten append, same payloads", count / martenAppend, 1.0);
        // The full read-back is the stored envelopes with their ids, as mirrors, projections and integrity checks read them;
        // Marten's read gives its stored JSON back as objects.
        var readBack = new BenchmarkResult("PostgreSQL full read-back (ReadEnvelopesAsync)", "events/s", count, oursRaw, "Marten QueryAllRawEvents", count / martenSeconds, 1.0)
            { MinRate = 300_000 };
        readBack.Notes.Add($"parsed into SignedEvents as well (ReadAllAsync: canonical form and SHA-256 of each): {BenchmarkResult.FormatRate(count / oursRead)} events/s");

        // Sync: a ledger ten times larger, from the server into a SQLite file.
        int large = count * 10;
        log($"Writing {large:N0} events to PostgreSQL for the sync benchmark (not timed)...");
        var bigDatabase = await Database(server, "big");
        using var big = await PostgresEventStore.OpenAsync(bigDatabase);
        using (var author = SigningKey.Generate())
        {
            var many = Sign(author, large);
            for (int i = 0; i < many.Count; i += 10_000)
                await big.AppendAsync(author.Id, i == 0 ? ExpectedRevision.NoStream : ExpectedRevision.Exactly(i), many.Skip(i).Take(10_000).ToList());
        }
        using var workspace = new Workspace("sync");
        using var mirror = SqliteEventStore.Open(workspace.File("mirror.db"));
        SyncOutcome? outcome = null;
        var syncSeconds = await Measure.SecondsAsync(async () => outcome = await LedgerSync.SyncAsync(big.ReadEnvelopesAsync(), mirror, big.Description));
        if (outcome!.Copied != large || outcome.Head != await big.HeadAsync())
            throw new InvalidOperationException($"The sync copied {outcome.Copied} events, expected {large}, or the checkpoints differ.");
        var sync = new BenchmarkResult($"Sync PostgreSQL to SQLite, {large:N0} events (verified)", "events/s", large, syncSeconds, "none (information)", double.NaN, null);
        return [append, readBack, sync];
    }

    internal static List<SignedEvent> Sign(SigningKey key, int count)
    {
        EventDraft[] drafts = [new IdentityCreated("Bench", "creator").ToDraft(), .. AppendBenchmark.Drafts(count - 1)];
        var at = LedgerTime.From(DateTimeOffset.UtcNow.AddMinutes(-1));
        var envelopes = new UnsignedEnvelope[count];
        EventId? prev = null;
        for (int i = 0; i < count; i++)
        {
            envelopes[i] = new UnsignedEnvelope(key.Id, i + 1, prev, drafts[i], at, key.Id);
            prev = envelopes[i].Id;
        }
        var signed = new SignedEvent[count];
        Parallel.For(0, count, i => signed[i] = SignedEvent.Sign(envelopes[i], key));
        return [.. signed];
    }

    private static async Task<string> Database(PrivatePostgres server, string name)
    {
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }
}
