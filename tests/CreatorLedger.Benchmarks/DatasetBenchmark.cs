using CreatorLedger.Datasets;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Sqlite;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// Test-LedgerLicense itself, in a child pwsh with the built module, over a folder of small registered files: cold
/// (no hash cache yet) against reading and hashing the same files on all cores, then warm (every digest cached).
/// </summary>
internal static class DatasetBenchmark
{
    public static async Task<BenchmarkResult[]> RunAsync(int count, Action<string> log, bool profile)
    {
        var root = PwshChild.RepositoryRoot();
        if (root is null)
        {
            log("Test-LedgerLicense benchmark skipped: the repository (CreatorLedger.psd1 and .config/dotnet-tools.json) was not found above the benchmark.");
            return [];
        }
        using var workspace = new Workspace("dataset");
        log($"Writing {count:N0} files and registering them (not timed)...");
        var paths = RegistrationBenchmark.GenerateFiles(workspace.File("dataset"), count);
        var warmUp = RegistrationBenchmark.GenerateFiles(workspace.File("warm-up"), 100);
        var home = workspace.File("home");
        Directory.CreateDirectory(home);
        var storePath = Path.Combine(home, "ledger.db");
        using (var store = SqliteEventStore.Open(storePath))
        using (var key = SigningKey.Generate())
        {
            await Author.CreateIdentityAsync(store, key, new IdentityCreated("Dataset creator", "creator"));
            var drafts = RegistrationBenchmark.HashAll([.. paths, .. warmUp])
                .Select(h => new RegisteredWork(h.Work, Path.GetFileName(h.Path), "application/octet-stream", h.Bytes).ToDraft()).ToList();
            drafts.Add(new LicenseGranted(null, null, null, [Use.AiTrain], false, new Window(LedgerTime.From(DateTimeOffset.UtcNow.AddDays(-1))), null,
                new LicenseTerms(null, false)).ToDraft());
            await new Author(store, key.Id, key).AppendAsync(drafts);
        }
        Parallel.ForEach(paths, p => File.ReadAllBytes(p));
        FileSystem.Sync();

        var baselineBefore = Measure.Seconds(() => RegistrationBenchmark.HashAll(paths));
        var child = PwshChild.Run<ChildResult>(root, home, storePath, "Check-Dataset.ps1", "-Folder", workspace.File("dataset"),
            "-WarmUpFolder", workspace.File("warm-up"), "-Licensee", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
        var baselineAfter = Measure.Seconds(() => RegistrationBenchmark.HashAll(paths));

        var expected = $"Licensed/Licensed={count}";
        foreach (var (run, counts) in new[] { ("cold", child.Cold), ("warm", child.Warm) })
            if (counts is not [var only] || only != expected)
                throw new InvalidOperationException($"The {run} Test-LedgerLicense run reported {string.Join(", ", counts)}; expected {expected}.");
        var cold = new BenchmarkResult("Test-LedgerLicense, cold (no hash cache)", "files/s", count, child.ColdSeconds, "read + SHA-256, all cores",
            Measure.MeanRate(count, baselineBefore, baselineAfter), 0.80);
        cold.Notes.Add($"baseline runs: {BenchmarkResult.FormatRate(count / baselineBefore)} and {BenchmarkResult.FormatRate(count / baselineAfter)} files/s; " +
            "the cmdlet also enumerates the folder, keeps the hash cache and decides every file");
        var warm = new BenchmarkResult("Test-LedgerLicense, warm (hash cache)", "files/s", count, child.WarmSeconds, "none (absolute target)", double.NaN, null)
            { MinRate = 100_000 };
        if (profile) Profile(workspace, workspace.File("dataset"), cold.Notes);
        return [cold, warm];
    }

    /// <summary>The steps of a cold check in this process, without pwsh: where the time between the baseline and the cmdlet goes.</summary>
    private static void Profile(Workspace workspace, string folder, List<string> notes)
    {
        string[] paths = [];
        var enumerate = Measure.Seconds(() => paths = [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)]);
        var hash = Measure.Seconds(() => WorkHasher.HashAll(paths));
        var cachePath = workspace.File("profile.hashes.db");
        var cache = SqliteHashCache.Open(cachePath);
        var cold = Measure.Seconds(() => WorkHasher.HashAll(paths, cache));
        // Disposing waits for the writes still running in the background.
        var save = Measure.Seconds(cache.Dispose);
        double warm;
        using (var warmCache = SqliteHashCache.Open(cachePath))
            warm = Measure.Seconds(() => WorkHasher.HashAll(paths, warmCache));
        notes.Add($"profile, in process over {paths.Length:N0} files: enumerating the folder {BenchmarkResult.FormatSeconds(enumerate)} s; " +
            $"WorkHasher.HashAll without a cache {BenchmarkResult.FormatSeconds(hash)} s, with a new cache {BenchmarkResult.FormatSeconds(cold)} s " +
            $"+ {BenchmarkResult.FormatSeconds(save)} s finishing its writes, with that cache warm {BenchmarkResult.FormatSeconds(warm)} s");
    }

    private sealed record ChildResult(double ColdSeconds, double WarmSeconds, string[] Cold, string[] Warm);
}
