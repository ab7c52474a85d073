using System.Diagnostics;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Postgres;
using CreatorLedger.Sqlite;
using CreatorLedger.Transparency;
using CreatorLedger.Tests.Store;
using CreatorLedger.Witness;
using Microsoft.Data.Sqlite;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// Issue 12's figures: inclusion and consistency proofs on a large ledger from SQLite and PostgreSQL (median, against a
/// point read of one row); the append cost of keeping the tree's tile hashes (the same append without them); a witness's
/// durable add-checkpoint on loopback; and a mirror's sync of 1,000 new events checked by the source's tiles instead of
/// re-reading the prefix.
/// </summary>
internal static class TransparencyBenchmark
{
    public static async Task<BenchmarkResult[]> RunAsync(int events, int appends, Action<string> log)
    {
        using var workspace = new Workspace("transparency");
        var path = workspace.File("ledger.db");
        log($"Writing a ledger of about {events:N0} events (not timed)...");
        var build = Stopwatch.StartNew();
        using var operatorKey = SigningKey.Generate();
        using (var store = SqliteEventStore.Open(path)) await WriteLedgerAsync(store, events);
        FileSystem.Sync();
        log($"  written in {build.Elapsed.TotalSeconds:0.0} s");

        var results = new List<BenchmarkResult>();
        using var sqlite = SqliteEventStore.Open(path);
        var log12 = new TransparencyLog(sqlite);
        var signed = await log12.PublishAsync(operatorKey, "bench.example/ledger");
        long size = signed.Body.Size;
        results.AddRange(await ProofsAsync("SQLite", sqlite, size, () => SqlitePointRead(path, size)));

        using (var server = new PrivatePostgres())
        // Pooled, as a society's server store is used (the private server's string turns pooling off for its kill tests).
        using (var postgres = await PostgresEventStore.OpenAsync(server.ConnectionString.Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal)))
        {
            var copy = Stopwatch.StartNew();
            await LedgerSync.SyncAsync(sqlite, postgres);
            await CheckpointMirror.CopyAsync(await CheckpointMirror.ServedByAsync(sqlite), postgres);
            log($"  copied to PostgreSQL in {copy.Elapsed.TotalSeconds:0.0} s (not timed)");
            results.AddRange(await ProofsAsync("PostgreSQL", postgres, size, () => PostgresPointRead(server.ConnectionString, size)));
        }

        results.Add(await TileCostAsync(workspace, appends));
        results.Add(await WitnessAsync(workspace, sqlite, operatorKey, log));
        results.Add(await MirrorAsync(workspace, path, log));
        return [.. results];
    }

    /// <summary>Creators with 1,000 works each, registered in batches, as ProjectionBenchmark writes them.</summary>
    private static async Task WriteLedgerAsync(IEventStore store, int events)
    {
        int creators = Math.Max(1, events / 1_001);
        await Parallel.ForEachAsync(Enumerable.Range(0, creators), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (c, ct) =>
        {
            using var key = SigningKey.Generate();
            await Author.CreateIdentityAsync(store, key, new IdentityCreated($"Creator {c}", "creator"), cancellationToken: ct);
            var drafts = Enumerable.Range(0, 1_000).Select(w => new RegisteredWork(
                WorkId.FromHash(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes((long)c * 1_000 + w))), $"work {w}", "text/plain", 100 + w).ToDraft()).ToList();
            await new Author(store, key.Id, key).AppendAsync(drafts, cancellationToken: ct);
        });
    }

    private static async Task<BenchmarkResult[]> ProofsAsync(string kind, IEventStore store, long size, Func<double> pointRead)
    {
        var log = new TransparencyLog(store);
        var random = new Random(12);
        const int Samples = 200;
        var keys = new[] { (await log.LatestAsync())!.LogKey };
        for (int i = 0; i < 20; i++) await log.InclusionProofAsync(random.NextInt64(1, size + 1)); // warm the connection pool and the JIT
        var inclusion = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            long position = random.NextInt64(1, size + 1);
            var watch = Stopwatch.StartNew();
            var proof = await log.InclusionProofAsync(position);
            inclusion[i] = watch.Elapsed.TotalSeconds;
            if (!proof.Verify(MerkleProofs.LeafHash(proof.Extra), keys).IsValid) throw new InvalidOperationException($"The inclusion proof of {position} does not verify.");
        }
        var consistency = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            long old = random.NextInt64(1, size);
            var watch = Stopwatch.StartNew();
            var proof = await log.ConsistencyProofAsync(old);
            consistency[i] = watch.Elapsed.TotalSeconds;
            if (proof.Verify(keys) is { } problem) throw new InvalidOperationException($"The consistency proof from {old} does not verify: {problem}");
        }
        var pointReadRate = pointRead();
        BenchmarkResult Result(string what, double[] samples)
        {
            Array.Sort(samples);
            var median = samples[Samples / 2];
            var result = new BenchmarkResult($"{what} proof, {kind}, {size:N0} events (median)", "proofs/s", 1, median,
                "point read of one event by position", pointReadRate, null) { MaxSeconds = 0.002 };
            result.Notes.Add($"median {median * 1000:0.000} ms, p90 {samples[Samples * 9 / 10] * 1000:0.000} ms, max {samples[^1] * 1000:0.000} ms over {Samples} random proofs, each verified");
            return result;
        }
        return [Result("Inclusion", inclusion), Result("Consistency", consistency)];
    }

    private static double SqlitePointRead(string path, long size)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=true");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT envelope FROM events WHERE position = $p";
        var p = command.Parameters.Add("$p", SqliteType.Integer);
        var random = new Random(7);
        const int Reads = 2_000;
        var seconds = Measure.Seconds(() =>
        {
            for (int i = 0; i < Reads; i++)
            {
                p.Value = random.NextInt64(1, size + 1);
                _ = command.ExecuteScalar();
            }
        });
        return Reads / seconds;
    }

    private static double PostgresPointRead(string connectionString, long size)
    {
        using var data = Npgsql.NpgsqlDataSource.Create(connectionString.Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal));
        var random = new Random(7);
        const int Reads = 2_000;
        return Reads / Measure.Seconds(() =>
        {
            for (int i = 0; i < Reads; i++)
            {
                using var command = data.CreateCommand("SELECT envelope FROM cl_events WHERE position = $1");
                command.Parameters.AddWithValue(random.NextInt64(1, size + 1));
                _ = command.ExecuteScalar();
            }
        });
    }

    /// <summary>The same batched append into fresh ledgers, with and without tile hashes, alternated three times, best of each.</summary>
    private static async Task<BenchmarkResult> TileCostAsync(Workspace workspace, int count)
    {
        var drafts = AppendBenchmark.Drafts(count);
        var with = new List<double>();
        var without = new List<double>();
        for (int run = 0; run < 6; run++)
        {
            bool keep = run % 2 == 1;
            var (store, key) = await workspace.NewLedgerAsync($"tiles-{run}.db");
            using (store)
            using (key)
            {
                LedgerStore.KeepTileHashes = keep;
                try
                {
                    var seconds = await Measure.SecondsAsync(() => new Author(store, key.Id, key).AppendAsync(drafts));
                    (keep ? with : without).Add(seconds);
                }
                finally
                {
                    LedgerStore.KeepTileHashes = true;
                }
            }
        }
        var result = new BenchmarkResult("Append keeping tile hashes (SQLite)", "events/s", count, with.Min(), "the same append without tile hashes",
            count / without.Min(), 0.90);
        result.Notes.Add($"with: {string.Join(", ", with.Select(s => $"{s:0.000} s"))}; without: {string.Join(", ", without.Select(s => $"{s:0.000} s"))} (best of each)");
        return result;
    }

    /// <summary>One witness on loopback cosigning a growing log, each checkpoint proven consistent with the last, state written durably.</summary>
    private static async Task<BenchmarkResult> WitnessAsync(Workspace workspace, SqliteEventStore store, SigningKey operatorKey, Action<string> log)
    {
        var folder = workspace.File("witness");
        Directory.CreateDirectory(folder);
        var keyFile = System.IO.Path.Combine(folder, "witness.key");
        File.WriteAllText(keyFile, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var origin = "bench.example/witnessed";
        var signer = new NoteSigner(origin, operatorKey);
        var config = new WitnessConfig
        {
            Name = "bench.example/witness", KeyFile = keyFile, StateFile = System.IO.Path.Combine(folder, "witness.db"), Listen = new Uri("http://127.0.0.1:0"),
            Logs = [new WitnessedLog(origin, [signer.VerifierKey])],
        };
        await using var server = await WitnessServer.StartAsync(config, TimeProvider.System);
        using var http = new HttpClient();
        var client = new WitnessClient(http);
        // Checkpoints of growing prefixes of the ledger, and the consistency proof each needs from the one before.
        const int Checkpoints = 1_000;
        long step = Math.Max(1, (await store.HeadAsync()).Size / Checkpoints);
        var sizes = Enumerable.Range(1, Checkpoints).Select(i => i * step).ToArray();
        var notes = new List<(SignedNote Note, IReadOnlyList<byte[]> Proof)>();
        long previous = 0;
        foreach (var size in sizes)
        {
            var checkpoint = await store.CheckpointAtAsync(size);
            var note = signer.SignNote(CheckpointBody.FromCheckpoint(origin, checkpoint).Format());
            var proof = previous == 0 ? [] : await store.SubtreeHashesAsync(MerkleProofs.ConsistencyPath(previous, size));
            notes.Add((note, proof));
            previous = size;
        }
        var witnessUrl = new Uri(server.Address, server.Prefix);
        var seconds = await Measure.SecondsAsync(async () =>
        {
            long old = 0;
            for (int i = 0; i < notes.Count; i++)
            {
                var result = await client.AddCheckpointAsync(witnessUrl, old, notes[i].Proof, notes[i].Note);
                if (result is not WitnessCosigned) throw new InvalidOperationException($"The witness did not cosign checkpoint {i}: {result}");
                old = sizes[i];
            }
        });
        var baseline = Measure.Seconds(() => FsyncLoop(System.IO.Path.Combine(folder, "fsync.bin"), Checkpoints));
        log($"  witness: {Checkpoints:N0} checkpoints in {seconds:0.000} s");
        return new BenchmarkResult("Witness add-checkpoint on loopback (durable)", "checkpoints/s", Checkpoints, seconds, "fsync of a 4 KiB write",
            Checkpoints / baseline, null) { MinRate = 1_000 };
    }

    private static void FsyncLoop(string path, int count)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var block = new byte[4096];
        for (int i = 0; i < count; i++)
        {
            file.Write(block);
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>
    /// A mirror at the source's size, then 1,000 new events at the source: synced as before (every event read from the
    /// start, the prefix's root recomputed) and now (the prefix checked by the source's tiles, only the new events read).
    /// </summary>
    private static async Task<BenchmarkResult> MirrorAsync(Workspace workspace, string path, Action<string> log)
    {
        var before = workspace.File("mirror-before.db");
        var after = workspace.File("mirror-after.db");
        SqliteConnection.ClearAllPools();
        using (var checkpoint = new SqliteConnection($"Data Source={path}"))
        {
            checkpoint.Open();
            using var command = checkpoint.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }
        File.Copy(path, before);
        File.Copy(path, after);
        using var source = SqliteEventStore.Open(path);
        using (var key = SigningKey.Generate())
        {
            await Author.CreateIdentityAsync(source, key, new IdentityCreated("Late", "creator"));
            await new Author(source, key.Id, key).AppendAsync(AppendBenchmark.Drafts(999));
        }
        using var oldWay = SqliteEventStore.Open(before);
        using var newWay = SqliteEventStore.Open(after);
        var beforeSeconds = await Measure.SecondsAsync(() => LedgerSync.SyncAsync(source.ReadEnvelopesAsync(1), oldWay, source.Description));
        var afterSeconds = await Measure.SecondsAsync(() => LedgerSync.SyncAsync(source, newWay));
        if (await oldWay.HeadAsync() != await source.HeadAsync() || await newWay.HeadAsync() != await source.HeadAsync())
            throw new InvalidOperationException("The mirrors do not reach the source's checkpoint.");
        log($"  mirror of 1,000 new events: {beforeSeconds:0.000} s re-reading the prefix, {afterSeconds:0.000} s checked by tiles");
        var result = new BenchmarkResult("Mirror sync of 1,000 new events, prefix checked by tiles", "events/s", 1_000, afterSeconds,
            "the same sync re-reading the prefix", 1_000 / beforeSeconds, null);
        result.Notes.Add($"before: {beforeSeconds:0.000} s; after: {afterSeconds:0.000} s");
        return result;
    }
}
