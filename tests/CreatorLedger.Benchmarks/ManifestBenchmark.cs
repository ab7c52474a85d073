using System.Diagnostics;
using System.Text.Json;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Sqlite;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// A manifest of a million samples written and verified by the cmdlets, each step in a pwsh of its own whose peak
/// resident set is reported (target: under 500 MB): New-LedgerManifest over shards, then Test-LedgerManifest.
/// </summary>
internal static class ManifestBenchmark
{
    private const int ShardCount = 100;
    private const long PeakTargetMiB = 500;

    public static async Task<BenchmarkResult[]> RunAsync(int samples, Action<string> log)
    {
        var root = PwshChild.RepositoryRoot();
        if (root is null)
        {
            log("Manifest benchmark skipped: the repository was not found above the benchmark.");
            return [];
        }
        using var workspace = new Workspace("manifest");
        int perShard = Math.Max(1, samples / ShardCount);
        samples = perShard * ShardCount;
        log($"Writing {samples:N0} samples in {ShardCount} shards, a tenth of them registered and licensed (not timed)...");
        var folder = workspace.File("shards");
        Directory.CreateDirectory(folder);
        var registered = new List<WorkId>();
        Parallel.For(0, ShardCount, s =>
        {
            // Small images: the manifest is about the samples, not their bytes.
            var mine = ShardBenchmark.WriteShard(Path.Combine(folder, $"{s:00000}.tar"), s, perShard, imageBytes: 16);
            lock (registered) registered.AddRange(mine);
        });
        var home = workspace.File("home");
        Directory.CreateDirectory(home);
        var storePath = Path.Combine(home, "ledger.db");
        using (var store = SqliteEventStore.Open(storePath))
        using (var key = SigningKey.Generate())
        {
            await Author.CreateIdentityAsync(store, key, new IdentityCreated("Manifest creator", "creator"));
            var drafts = registered.Select(w => new WorkRegistered(w, "original", "image/jpeg", 1).ToDraft()).ToList();
            drafts.Add(new LicenseGranted(null, null, null, [Use.AiTrain], false, new Window(LedgerTime.From(DateTimeOffset.UtcNow.AddDays(-1))), null,
                new LicenseTerms(null, false)).ToDraft());
            await new Author(store, key.Id, key).AppendAsync(drafts);
        }
        var env = new Dictionary<string, string> { ["CREATORLEDGER_HOME"] = home, ["CREATORLEDGER_STORE"] = storePath, ["CREATORLEDGER_PASSPHRASE"] = "bench-passphrase-1" };
        Pwsh(root, env, "-Command", $"Import-Module '{Path.Combine(root, "CreatorLedger.psd1")}'; New-LedgerIdentity lab -Role developer | Out-Null");
        var manifest = workspace.File("bench.manifest.json");
        var script = Path.Combine(root, "tests", "CreatorLedger.Benchmarks", "Check-Manifest.ps1");
        var results = new List<BenchmarkResult>();
        foreach (var step in new[] { "Write", "Verify" })
        {
            var output = Pwsh(root, env, "-File", script, "-Module", Path.Combine(root, "CreatorLedger.psd1"), "-Step", step, "-Folder", folder, "-Manifest", manifest);
            using var json = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.TrimStart().StartsWith('{')));
            var seconds = json.RootElement.GetProperty("Seconds").GetDouble();
            var peakMiB = json.RootElement.GetProperty("PeakKiB").GetInt64() / 1024;
            var included = json.RootElement.GetProperty("Counts").GetProperty("Included").GetInt64();
            if (included != registered.Count) throw new InvalidOperationException($"{step}: {included} included, {registered.Count} registered.");
            var result = new BenchmarkResult(step == "Write" ? "New-LedgerManifest over shards, streaming" : "Test-LedgerManifest, streaming", "samples/s", samples, seconds,
                "none (peak memory target)", double.NaN, null);
            result.Notes.Add($"peak resident set of the pwsh process {peakMiB:N0} MiB (target < {PeakTargetMiB} MiB: {(peakMiB < PeakTargetMiB ? "PASS" : "BELOW")}); " +
                $"manifest {new FileInfo(manifest).Length / 1e6:N0} MB");
            results.Add(result);
        }
        return [.. results];
    }

    private static string Pwsh(string root, Dictionary<string, string> env, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "pwsh", "-NoProfile", "-NonInteractive" }.Concat(args)) start.ArgumentList.Add(a);
        foreach (var (name, value) in env) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet pwsh could not be started.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"pwsh failed ({process.ExitCode}): {stderr.Result}{stdout}");
        return stdout;
    }
}
