using System.Diagnostics;
using System.Security.Cryptography;
using CreatorLedger.Datasets;
using CreatorLedger.Events;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// Register-LedgerWork without PowerShell: hash files on all cores, build WorkRegistered records, register them with
/// <see cref="Creator.RegisterAsync"/> on a fresh SQLite ledger. Baseline: reading and hashing the same files on all cores.
/// </summary>
internal static class RegistrationBenchmark
{
    public const string Name = "Bulk registration of small files";

    public static async Task<BenchmarkResult> RunAsync(int count, bool profile)
    {
        using var workspace = new Workspace("register");
        var paths = GenerateFiles(workspace.File("files"), count);
        // Read every file once so that both sides find them in the page cache, then write the new files and their
        // access times to disk: on ext4 the ledger's fsyncs would otherwise flush them too, billing the setup to the product.
        Parallel.ForEach(paths, p => File.ReadAllBytes(p));
        FileSystem.Sync();

        var baselineBefore = Measure.Seconds(() => HashAll(paths));

        var (store, key) = await workspace.NewLedgerAsync("ledger.db");
        using var _ = store;
        using var __ = key;
        RegistrationOutcome? outcome = null;
        List<RegisteredWork> works = [];
        double hashing = 0, building = 0;
        var seconds = await Measure.SecondsAsync(async () =>
        {
            var watch = Stopwatch.StartNew();
            // As Register-LedgerWork does it: WorkHasher (which also checks each file did not change while it was read).
            var hashed = WorkHasher.HashAll(paths);
            hashing = watch.Elapsed.TotalSeconds;
            works = new List<RegisteredWork>(hashed.Length);
            var seen = new HashSet<WorkId>();
            foreach (var h in hashed)
                if (seen.Add(h.Work)) works.Add(new RegisteredWork(h.Work, Path.GetFileName(h.Path), "application/octet-stream", h.Bytes));
            building = watch.Elapsed.TotalSeconds - hashing;
            outcome = await new Creator(store, key.Id, key).RegisterAsync(works);
        });
        if (outcome!.Registered.Count != count)
            throw new InvalidOperationException($"Registered {outcome.Registered.Count} works, expected {count}.");

        var baselineAfter = Measure.Seconds(() => HashAll(paths));
        var result = new BenchmarkResult(Name, "works/s", count, seconds, "read + SHA-256, all cores",
            Measure.MeanRate(count, baselineBefore, baselineAfter), 0.80);
        result.Notes.Add($"hash {BenchmarkResult.FormatSeconds(hashing)} s, build records {BenchmarkResult.FormatSeconds(building)} s, " +
            $"Creator.RegisterAsync {BenchmarkResult.FormatSeconds(seconds - hashing - building)} s");
        result.Notes.Add($"baseline runs: {BenchmarkResult.FormatRate(count / baselineBefore)} and {BenchmarkResult.FormatRate(count / baselineAfter)} files/s");
        var oneCore = count / Measure.Seconds(() => HashAll(paths, cores: 1));
        result.Notes.Add($"one-core baseline: {BenchmarkResult.FormatRate(oneCore)} files/s, ratio {BenchmarkResult.FormatRatio(result.Rate / oneCore)}");
        if (profile) await ProfileAsync(workspace, works, result.Notes);
        return result;
    }

    /// <summary>What Creator.RegisterAsync adds to Author.AppendAsync: the replay before, the checks and the drafts.</summary>
    private static async Task ProfileAsync(Workspace workspace, List<RegisteredWork> works, List<string> notes)
    {
        var (store, key) = await workspace.NewLedgerAsync("profile.db");
        using var _ = store;
        using var __ = key;
        var watch = Stopwatch.StartNew();
        await LicenseProjection.LoadAsync(store);
        var replay = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var drafts = WorkRegistered.Batches(works).Select(b => b.ToDraft()).ToArray();
        var toDraft = watch.Elapsed.TotalSeconds;
        var append = await Measure.SecondsAsync(() => new Author(store, key.Id, key).AppendAsync(drafts));
        notes.Add($"profile: replay of the fresh ledger {BenchmarkResult.FormatSeconds(replay)} s, WorkRegistered.Batches + ToDraft {BenchmarkResult.FormatSeconds(toDraft)} s, " +
            $"Author.AppendAsync of the same drafts into another fresh ledger {BenchmarkResult.FormatSeconds(append)} s " +
            $"(the append benchmark below measures this path in detail)");
    }

    /// <summary>
    /// The fastest honest read + SHA-256 of the files: one handle per file, one positional read into a buffer each
    /// thread keeps (the files are smaller than it), one SHA256.HashData; no FileStream, no per-file allocation but the result.
    /// </summary>
    internal static Hashed[] HashAll(string[] paths, int cores = 0)
    {
        var results = new Hashed[paths.Length];
        Parallel.For(0, paths.Length, new ParallelOptions { MaxDegreeOfParallelism = cores > 0 ? cores : Environment.ProcessorCount },
            () => new byte[1 << 16], (i, _, buffer) => { results[i] = HashOne(paths[i], buffer); return buffer; }, _ => { });
        return results;
    }

    internal sealed record Hashed(string Path, WorkId Work, long Bytes);

    private static Hashed HashOne(string path, byte[] buffer)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        int read = RandomAccess.Read(handle, buffer, 0);
        // The generated files are far smaller than the buffer; a full buffer would mean a file this baseline was not made for.
        if (read == buffer.Length) throw new InvalidOperationException($"{path} is larger than the baseline's buffer.");
        return new Hashed(path, WorkId.FromHash(SHA256.HashData(buffer.AsSpan(0, read))), read);
    }

    /// <summary>Files of 64 to 512 random bytes in 100 folders (random bytes, so no two share a digest).</summary>
    internal static string[] GenerateFiles(string root, int count)
    {
        var paths = new string[count];
        for (int folder = 0; folder < 100; folder++) Directory.CreateDirectory(Path.Combine(root, folder.ToString("D2")));
        Parallel.For(0, count, i =>
        {
            var bytes = new byte[64 + Random.Shared.Next(449)];
            Random.Shared.NextBytes(bytes);
            paths[i] = Path.Combine(root, (i % 100).ToString("D2"), $"work-{i:D7}.bin");
            File.WriteAllBytes(paths[i], bytes);
        });
        return paths;
    }
}
