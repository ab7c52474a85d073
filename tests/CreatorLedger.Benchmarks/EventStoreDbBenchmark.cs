using CreatorLedger.EventStore;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// The EventStoreDB store (issue 6), when CREATORLEDGER_ESDB names a server: batched append and full read-back of the
/// same signed events as the other stores' benchmarks, in a ledger of its own on that server. Information only.
/// </summary>
internal static class EventStoreDbBenchmark
{
    public static async Task<BenchmarkResult[]> RunAsync(int count, Action<string> log)
    {
        var address = Environment.GetEnvironmentVariable("CREATORLEDGER_ESDB");
        if (string.IsNullOrEmpty(address))
        {
            log("EventStoreDB benchmark skipped: CREATORLEDGER_ESDB names no server (e.g. esdb://127.0.0.1:2113?tls=false).");
            return [];
        }
        // The benchmark writes only a ledger named for the run, never the default one; a server whose default ledger
        // holds events is one people use, and is left alone unless CREATORLEDGER_ESDB_SHARED=1 says otherwise.
        using (var defaultLedger = EventStoreDbStore.Open(address))
        {
            var size = (await defaultLedger.HeadAsync()).Size;
            if (size > 0 && Environment.GetEnvironmentVariable("CREATORLEDGER_ESDB_SHARED") != "1")
                throw new InvalidOperationException($"{defaultLedger.Description} holds {size} event(s) in its default ledger; set CREATORLEDGER_ESDB_SHARED=1 to benchmark beside them.");
        }
        using var key = SigningKey.Generate();
        var events = PostgresBenchmark.Sign(key, count);
        var ledger = "bench" + Guid.NewGuid().ToString("N")[..8];
        using var store = EventStoreDbStore.Open(address, null, null, ledger);
        const int Batch = 1_000;
        var append = await Measure.SecondsAsync(async () =>
        {
            for (int i = 0; i < events.Count; i += Batch)
                await store.AppendAsync(key.Id, i == 0 ? ExpectedRevision.NoStream : ExpectedRevision.Exactly(i), events.Skip(i).Take(Batch).ToList());
        });
        // A new process connecting: its first head reads $all (filtered) and rebuilds the positions and the root.
        Checkpoint head = default;
        var connect = await Measure.SecondsAsync(async () =>
        {
            using var fresh = EventStoreDbStore.Open(address, null, null, ledger);
            head = await fresh.HeadAsync();
        });
        if (head.Size != count) throw new InvalidOperationException($"A new connection saw {head.Size} events, expected {count}.");
        long read = 0;
        var readSeconds = await Measure.SecondsAsync(async () => { await foreach (var e in store.ReadEnvelopesAsync()) read++; });
        if (read != count) throw new InvalidOperationException($"Read back {read} events from EventStoreDB, expected {count}.");
        return
        [
            new BenchmarkResult("EventStoreDB batched append (1,000 per batch)", "events/s", count, append, "none (information)", double.NaN, null),
            new BenchmarkResult("EventStoreDB full read-back", "events/s", count, readSeconds, "none (information)", double.NaN, null),
            new BenchmarkResult("EventStoreDB first head of a new connection", "events/s", count, connect, "none (information)", double.NaN, null),
        ];
    }
}
