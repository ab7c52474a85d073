using System.Diagnostics;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Sqlite;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// How each cost grows with the ledger (issue 15, <c>--scale</c>): one ledger grown to 100,000, 1,000,000 and
/// 10,000,000 events (<see cref="ScaleLedger"/>), and at each size the store's bytes per event, a full integrity check
/// and a sync of the whole ledger into an empty SQLite mirror (each against Ed25519 verification on all cores of the
/// same events), a projection rebuild (against a bare SELECT of the rows) and its memory per work, a catch-up of 1,000
/// new events, and 1,000,000 digests decided. Not run by CI; it cleans up after itself.
/// </summary>
internal static class ScaleBenchmark
{
    public static readonly long[] Sizes = [100_000, 1_000_000, 10_000_000];

    public static async Task<BenchmarkResult[]> RunAsync(long largest, Action<string> log)
    {
        using var workspace = new Workspace("scale");
        using var ledger = new ScaleLedger(workspace.File("ledger.db"));
        var results = new List<BenchmarkResult>();
        foreach (var size in Sizes.Where(s => s < largest).Append(largest).Distinct())
        {
            var watch = Stopwatch.StartNew();
            await ledger.GrowToAsync(size, log).ConfigureAwait(false);
            log($"Ledger of {ledger.Events:N0} events ({ledger.Works:N0} works) written in {watch.Elapsed.TotalSeconds:0} s; measuring...");
            results.AddRange(await MeasureAsync(ledger, workspace, log).ConfigureAwait(false));
        }
        return [.. results];
    }

    private static async Task<BenchmarkResult[]> MeasureAsync(ScaleLedger ledger, Workspace workspace, Action<string> log)
    {
        long events = ledger.Events;
        string at = $"{events:N0} events";
        var store = ledger.Store;
        FileSystem.Sync();
        long bytes = new[] { "", "-wal" }.Select(s => new FileInfo(ledger.Path + s)).Where(f => f.Exists).Sum(f => f.Length);

        // Ed25519 verification of (up to) 200,000 of the same events on all cores: the baseline of the check and the sync.
        var sample = new List<byte[]>();
        await foreach (var e in store.ReadEnvelopesAsync(Math.Max(1, events / 2 - 100_000)).ConfigureAwait(false))
        {
            sample.Add(e.Bytes);
            if (sample.Count == 200_000) break;
        }
        double verifyRate = VerifyRate(sample);
        sample.Clear();

        var integritySeconds = await Measure.SecondsAsync(async () =>
        {
            var report = await LedgerVerifier.VerifyAsync(store).ConfigureAwait(false);
            if (report.Problems.Count > 0 || report.Events != events) throw new InvalidOperationException($"The integrity check found {report.Problems.Count} problems in {report.Events} events.");
        }).ConfigureAwait(false);
        var integrity = new BenchmarkResult($"Integrity check, {at}", "events/s", events, integritySeconds, "Ed25519 verify, all cores", verifyRate, 0.85);
        integrity.Notes.Add($"store: {bytes / (double)events:0} bytes per event on disk ({bytes / 1048576.0:N0} MiB)");
        log($"  integrity check: {integritySeconds:0.0} s");

        long before = GC.GetTotalMemory(forceFullCollection: true);
        string? rawCost = null, rebuildCost = null;
        var rawSeconds = Measure.Seconds(() =>
        {
            var cost = ProcessCost.Start();
            SqliteRows.Read(ledger.Path, withId: true);
            rawCost = cost.Since();
        });
        LicenseProjection? projection = null;
        var rebuildSeconds = await Measure.SecondsAsync(async () =>
        {
            var cost = ProcessCost.Start();
            projection = await LicenseProjection.LoadAsync(store).ConfigureAwait(false);
            rebuildCost = cost.Since();
        }).ConfigureAwait(false);
        long perWork = (GC.GetTotalMemory(forceFullCollection: true) - before) / ledger.Works;
        var rebuild = new BenchmarkResult($"Projection rebuild, {at}", "events/s", events, rebuildSeconds, "bare SELECT of the same rows", events / rawSeconds, 0.75);
        rebuild.Notes.Add($"projection in memory: {perWork} bytes per work ({ledger.Works:N0} works)");
        rebuild.Notes.Add($"rebuild ({rebuildSeconds:0.00} s): {rebuildCost}");
        rebuild.Notes.Add($"bare SELECT ({rawSeconds:0.00} s): {rawCost}");
        log($"  projection rebuild: {rebuildSeconds:0.0} s");

        // A million digests: registered works sampled across the ledger, and some nobody registered.
        var view = ConsentView.AsOf(projection!, LedgerTime.From(DateTimeOffset.UtcNow));
        var licensee = IdentityId.Parse("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
        var digests = ledger.Sample.Take(900_000).Concat(Enumerable.Range(0, 1_000_000).Select(i => ScaleLedger.Work(-1 - i, 0))).Take(1_000_000).ToList();
        long registered = 0;
        var decideSeconds = Measure.Seconds(() =>
        {
            foreach (var work in digests)
                if (view.Decide(new ConsentRequest(work, licensee, Use.AiTrain)).Decision != "NotRegistered") registered++;
        });
        var decide = new BenchmarkResult($"1,000,000 digests decided, {at}", "digests/s", digests.Count, decideSeconds, "none (absolute)", double.NaN, null);
        decide.Notes.Add($"{registered:N0} of them registered");

        // Catch-up: the saved projection, then 1,000 new events by a new creator, loaded and brought up to date.
        var saved = workspace.File("projection.bin");
        LicenseProjectionFile.TryWrite(projection!, saved);
        projection = null;
        view = null;
        using (var key = SigningKey.Generate())
        {
            await Author.CreateIdentityAsync(store, key, new IdentityCreated("Late creator", "creator")).ConfigureAwait(false);
            var works = Enumerable.Range(0, 999).Select(i => WorkRegistered.List([new RegisteredWork(ScaleLedger.Work(-10_000_000L - i, 0), $"late {i}", "text/plain", 1)]).ToDraft()).ToList();
            await new Author(store, key.Id, key).AppendAsync(works).ConfigureAwait(false);
        }
        ledger.AddEvents(1_000);
        LicenseProjection? caughtUp = null;
        var catchUpSeconds = await Measure.SecondsAsync(async () => caughtUp = await LicenseProjection.LoadAsync(store, saved).ConfigureAwait(false)).ConfigureAwait(false);
        long replayed = caughtUp!.EventsReplayed;
        caughtUp = null;
        long savedBytes = new FileInfo(saved).Length;
        File.Delete(saved);
        var catchUp = new BenchmarkResult($"Catch-up of 1,000 events, {at}", "events/s", 1_000, catchUpSeconds, "none (absolute)", double.NaN, null);
        catchUp.Notes.Add($"the saved projection is {savedBytes / 1048576.0:N0} MiB, read and checked in full before the 1,000 events are applied");
        // Reported rather than thrown: the rest of an hour's run still counts.
        if (replayed != 1_000) catchUp.Notes.Add($"FAILED: the saved projection was not used; {replayed:N0} events were replayed");

        // The whole ledger synced into an empty mirror, every event verified.
        var mirrorPath = workspace.File("mirror.db");
        long copied = 0;
        var syncSeconds = await Measure.SecondsAsync(async () =>
        {
            using var mirror = SqliteEventStore.Open(mirrorPath);
            copied = (await LedgerSync.SyncAsync(store, mirror).ConfigureAwait(false)).Copied;
        }).ConfigureAwait(false);
        foreach (var f in Directory.GetFiles(workspace.Path, "mirror.db*")) File.Delete(f);
        var sync = new BenchmarkResult($"Sync into an empty SQLite mirror, {ledger.Events:N0} events", "events/s", copied, syncSeconds, "Ed25519 verify, all cores", verifyRate, 0.85);
        log($"  sync: {syncSeconds:0.0} s");
        return [integrity, rebuild, decide, catchUp, sync];
    }

    // Fresh parses, so that no signature is already known to be good.
    private static double VerifyRate(List<byte[]> envelopes)
    {
        var events = envelopes.Select(b => SignedEvent.TryParse(b, out var e, out _) ? e : throw new InvalidOperationException("damaged sample")).ToArray();
        var seconds = Measure.Seconds(() => Parallel.For(0, events.Length, i => events[i].HasValidSignature()));
        return events.Length / seconds;
    }
}
