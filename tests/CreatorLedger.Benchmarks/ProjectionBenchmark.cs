using System.Diagnostics;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Sqlite;
using Microsoft.Data.Sqlite;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// The consent projection on a large ledger (issue 3): rebuilding it from the SQLite store against a bare read of the
/// same rows; catching up after 1,000 new events from the saved projection; deciding every work of the ledger; and
/// what the projection costs in memory per work. The ledger: creators with 1,000 works each and a blanket grant.
/// </summary>
internal static class ProjectionBenchmark
{
    public static async Task<BenchmarkResult[]> RunAsync(int events, Action<string> log, bool profile = false)
    {
        using var workspace = new Workspace("projection");
        var path = workspace.File("ledger.db");
        int creators = Math.Max(1, events / 1_000);
        log($"Writing a ledger of {creators:N0} creators x 1,000 works (not timed)...");
        var build = Stopwatch.StartNew();
        var works = await WriteLedgerAsync(path, creators);
        FileSystem.Sync();
        log($"  written in {build.Elapsed.TotalSeconds:0.0} s");

        using var reader = SqliteEventStore.Open(path);
        long size = (await reader.HeadAsync()).Size;

        // Rebuild, against a bare read of the rows the projection reads (what ReadEnvelopesAsync selects).
        var rawBefore = Measure.Seconds(() => SqliteRows.Read(path, withId: true));
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        LicenseProjection? projection = null;
        int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var rebuildSeconds = await Measure.SecondsAsync(async () => projection = await LicenseProjection.LoadAsync(reader));
        long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        var rawAfter = Measure.Seconds(() => SqliteRows.Read(path, withId: true));
        if (projection!.Position != size) throw new InvalidOperationException($"The projection reflects {projection.Position} events, expected {size}.");
        var rebuild = new BenchmarkResult("Projection rebuild from SQLite", "events/s", size, rebuildSeconds, "bare SELECT of the same rows",
            Measure.MeanRate(size, rawBefore, rawAfter), 0.60) { MinRate = 400_000 };
        rebuild.Notes.Add($"garbage collections during the rebuild: gen0 {GC.CollectionCount(0) - gcBefore[0]}, gen1 {GC.CollectionCount(1) - gcBefore[1]}, gen2 {GC.CollectionCount(2) - gcBefore[2]}");
        if (profile) await ProfileAsync(reader, rebuild.Notes);
        rebuild.Notes.Add($"baseline runs: {BenchmarkResult.FormatRate(size / rawBefore)} and {BenchmarkResult.FormatRate(size / rawAfter)} rows/s");

        // Every work of the ledger decided, one after the other as Test-LedgerLicense does.
        var view = ConsentView.AsOf(projection, LedgerTime.From(DateTimeOffset.UtcNow));
        var licensee = IdentityId.Parse("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
        int licensed = 0;
        var decideSeconds = Measure.Seconds(() =>
        {
            foreach (var work in works)
                if (view.Decide(new ConsentRequest(work, licensee, Use.AiTrainGenerative)).IsLicensed) licensed++;
        });
        if (licensed != works.Count) throw new InvalidOperationException($"{licensed} of {works.Count} works were licensed, expected all.");
        var decide = new BenchmarkResult($"Decide {works.Count:N0} digests against the index", "digests/s", works.Count, decideSeconds,
            "none (absolute target)", double.NaN, null) { MaxSeconds = 2.0 * works.Count / 1_000_000 };
        long perWork = (memoryAfter - memoryBefore) / works.Count;
        decide.Notes.Add($"projection in memory: {(memoryAfter - memoryBefore) / 1048576.0:0.0} MiB = {perWork} bytes per work (target < 400)");

        // Catch-up: the saved projection, 1,000 events behind, loaded and brought up to date.
        var saved = LicenseProjectionFile.BesideStore(path);
        var saveSeconds = Measure.Seconds(() => LicenseProjectionFile.TryWrite(projection, saved));
        projection = null;
        view = null;
        using (var key = SigningKey.Generate())
        {
            await Author.CreateIdentityAsync(reader, key, new IdentityCreated("Late creator", "creator"));
            var drafts = Enumerable.Range(0, 999).Select(i =>
                new RegisteredWork(WorkId.FromHash(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(-1L - i))), $"late {i}", "text/plain", 1).ToDraft()).ToList();
            await new Author(reader, key.Id, key).AppendAsync(drafts);
        }
        LicenseProjection? caughtUp = null;
        var catchUpSeconds = await Measure.SecondsAsync(async () => caughtUp = await LicenseProjection.LoadAsync(reader, saved));
        if (caughtUp!.EventsReplayed != 1_000) throw new InvalidOperationException($"The catch-up replayed {caughtUp.EventsReplayed} events, expected 1,000.");
        var catchUp = new BenchmarkResult($"Catch-up: 1,000 new events on {size:N0}", "events/s", 1_000, catchUpSeconds, "none (absolute target)", double.NaN, null)
            { MaxSeconds = 0.5 };
        catchUp.Notes.Add($"includes reading the saved projection ({new FileInfo(saved).Length / 1048576.0:0.0} MiB, written in {BenchmarkResult.FormatSeconds(saveSeconds)} s)");
        return [rebuild, catchUp, decide];
    }

    /// <summary>
    /// The rebuild on the catalogue mix of the scale run (<see cref="ScaleLedger"/>: works registered in lists of 50, a
    /// mandate, 70 grants and 25 revocations per creator, usage reports) rather than on single registrations only.
    /// </summary>
    public static async Task<BenchmarkResult[]> RunMixAsync(int events, Action<string> log, bool profile = false)
    {
        using var workspace = new Workspace("projection-mix");
        var path = workspace.File("ledger.db");
        log($"Writing a catalogue-mix ledger of {events:N0} events (not timed)...");
        var build = Stopwatch.StartNew();
        using (var ledger = new ScaleLedger(path)) await ledger.GrowToAsync(events, _ => { });
        FileSystem.Sync();
        log($"  written in {build.Elapsed.TotalSeconds:0.0} s");

        using var reader = SqliteEventStore.Open(path);
        long size = (await reader.HeadAsync()).Size;
        // At this size compiling the readers would weigh in the figure (not so over millions of events): one untimed round first.
        SqliteRows.Read(path, withId: true);
        await LicenseProjection.LoadAsync(reader);
        double rawCpu = 0, rebuildCpu = 0;
        var rawBefore = Measure.Seconds(() => { var start = Cpu(); SqliteRows.Read(path, withId: true); rawCpu = Cpu() - start; });
        LicenseProjection? projection = null;
        int[] gcBefore = [];
        var pausedBefore = TimeSpan.Zero;
        var rebuildSeconds = await Measure.SecondsAsync(async () =>
        {
            // Counted after the full collection the measurement starts with.
            gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            pausedBefore = GC.GetTotalPauseDuration();
            var start = Cpu();
            projection = await LicenseProjection.LoadAsync(reader);
            rebuildCpu = Cpu() - start;
        });
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        int[] gcAfter = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var rawAfter = Measure.Seconds(() => SqliteRows.Read(path, withId: true));
        if (projection!.Position != size) throw new InvalidOperationException($"The projection reflects {projection.Position} events, expected {size}.");
        var rebuild = new BenchmarkResult("Projection rebuild from SQLite, catalogue mix", "events/s", size, rebuildSeconds, "bare SELECT of the same rows",
            Measure.MeanRate(size, rawBefore, rawAfter), 0.75);
        rebuild.Notes.Add($"garbage collections during the rebuild: gen0 {gcAfter[0] - gcBefore[0]}, gen1 {gcAfter[1] - gcBefore[1]}, gen2 {gcAfter[2] - gcBefore[2]}; " +
            $"paused {paused.TotalSeconds:0.000} s");
        // Processor time, which a machine busy with other work inflates less than the elapsed time of threads waiting for a core.
        rebuild.Notes.Add($"processor time, all threads and the collector's: rebuild {rebuildCpu:0.000} s, bare SELECT {rawCpu:0.000} s (ratio {rawCpu / rebuildCpu:0.00})");
        if (profile) await ProfileAsync(reader, rebuild.Notes);
        rebuild.Notes.Add($"baseline runs: {BenchmarkResult.FormatRate(size / rawBefore)} and {BenchmarkResult.FormatRate(size / rawAfter)} rows/s");
        return [rebuild];
    }

    // Processor seconds of the whole process so far, every thread and the collector's.
    private static double Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>
    /// A SQLite ledger of <paramref name="creators"/> creators with 1,000 works each and a blanket grant (every work,
    /// any licensee, ai-train, commercial), written on both cores; returns the works in creator order.
    /// </summary>
    internal static async Task<List<WorkId>> WriteLedgerAsync(string path, int creators)
    {
        var works = new List<WorkId>(creators * 1_000);
        using (var store = SqliteEventStore.Open(path))
        {
            var lists = new List<WorkId>[creators];
            await Parallel.ForEachAsync(Enumerable.Range(0, creators), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (c, ct) =>
            {
                using var key = SigningKey.Generate();
                await Author.CreateIdentityAsync(store, key, new IdentityCreated($"Creator {c}", "creator"), cancellationToken: ct);
                var drafts = new List<EventDraft>(1_001);
                var mine = new List<WorkId>(1_000);
                for (int w = 0; w < 1_000; w++)
                {
                    var work = WorkId.FromHash(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes((long)c * 1_000 + w)));
                    mine.Add(work);
                    drafts.Add(new RegisteredWork(work, $"work {w}", "text/plain", 100 + w).ToDraft());
                }
                drafts.Add(new LicenseGranted(null, null, null, [Use.AiTrain], true, new Window(LedgerTime.From(DateTimeOffset.UtcNow.AddDays(-1))), null,
                    new LicenseTerms(null, false)).ToDraft());
                await new Author(store, key.Id, key).AppendAsync(drafts, cancellationToken: ct);
                lists[c] = mine;
            });
            foreach (var l in lists) works.AddRange(l);
        }
        return works;
    }

    /// <summary>The rebuild's stages one after the other, on one thread: reading, parsing, applying.</summary>
    private static async Task ProfileAsync(SqliteEventStore store, List<string> notes)
    {
        var stored = new List<StoredEnvelope>();
        var read = await Measure.SecondsAsync(async () => { await foreach (var e in store.ReadEnvelopesAsync()) stored.Add(e); });
        var parsed = new ProjectedEvent[stored.Count];
        var parse = Measure.Seconds(() => { for (int i = 0; i < parsed.Length; i++) parsed[i] = ProjectedEvent.Read(stored[i], "bench"); });
        var parseAll = Measure.Seconds(() => Parallel.For(0, parsed.Length, i => parsed[i] = ProjectedEvent.Read(stored[i], "bench")));
        var scan = Measure.Seconds(() =>
        {
            foreach (var e in stored)
            {
                var r = new System.Text.Json.Utf8JsonReader(e.Bytes);
                while (r.Read()) { }
            }
        });
        var dids = Measure.Seconds(() =>
        {
            foreach (var e in stored)
            {
                var r = new System.Text.Json.Utf8JsonReader(e.Bytes);
                while (r.Read())
                    if (r.TokenType == System.Text.Json.JsonTokenType.String && r.ValueSpan.StartsWith("did:key:"u8)) IdentityId.TryParseUtf8(r.ValueSpan, out _);
            }
        });
        long count = 0;
        var iterate = await Measure.SecondsAsync(async () => { await foreach (var e in store.ReadEnvelopesAsync()) count++; });
        var rawParse = Measure.Seconds(() =>
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT position, recorded, envelope, id FROM events ORDER BY position";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                _ = reader.GetInt64(0);
                LedgerTime.TryParse(reader.GetString(1), out _);
                _ = (byte[])reader[2];
                if (reader[3] is byte[] { Length: 32 } id) _ = EventId.FromHash(id);
            }
        });
        notes.Add($"profile: ReadEnvelopesAsync without keeping {BenchmarkResult.FormatSeconds(iterate)} s, raw loop doing its parsing {BenchmarkResult.FormatSeconds(rawParse)} s");
        notes.Add($"profile: Utf8JsonReader pass {BenchmarkResult.FormatSeconds(scan)} s, with did lookups {BenchmarkResult.FormatSeconds(dids)} s");
        // The parse by event type, one core (the best of three): which readers the time goes to.
        foreach (var group in Enumerable.Range(0, parsed.Length).GroupBy(i => parsed[i].Type).OrderByDescending(g => g.Count()))
        {
            var rows = group.Select(i => stored[i]).ToArray();
            var seconds = Enumerable.Range(0, 3).Min(k => Measure.Seconds(() => { foreach (var e in rows) ProjectedEvent.Read(e, "bench"); }));
            notes.Add($"profile: {group.Key} x {rows.Length:N0}: {seconds * 1e6 / rows.Length:0.00} µs each, {BenchmarkResult.FormatSeconds(seconds)} s, " +
                $"{rows.Average(e => e.Bytes.Length):0} bytes each");
        }
        var projection = new LicenseProjection();
        var apply = Measure.Seconds(() => { foreach (var e in parsed) projection.Apply(e); });
        notes.Add($"profile, {stored.Count:N0} events: ReadEnvelopesAsync {BenchmarkResult.FormatSeconds(read)} s, ProjectedEvent.Read one core " +
            $"{BenchmarkResult.FormatSeconds(parse)} s (all cores {BenchmarkResult.FormatSeconds(parseAll)} s), Apply {BenchmarkResult.FormatSeconds(apply)} s");
    }
}
