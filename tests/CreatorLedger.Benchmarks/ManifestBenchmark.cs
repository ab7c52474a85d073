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
        // Small images: the manifest is about the samples, not their bytes.
        var registered = ShardBenchmark.WriteShards(folder, perShard, imageBytes: 16);
        var home = workspace.File("home");
        Directory.CreateDirectory(home);
        var storePath = Path.Combine(home, "ledger.db");
        using (var store = SqliteEventStore.Open(storePath)) await ShardBenchmark.RegisterAndLicenseAsync(store, registered);
        var manifest = workspace.File("bench.manifest.json");
        var results = new List<BenchmarkResult>();
        // The child's key file is sealed with this test passphrase, which the child inherits (never on its command line).
        var saved = Environment.GetEnvironmentVariable("CREATORLEDGER_PASSPHRASE");
        Environment.SetEnvironmentVariable("CREATORLEDGER_PASSPHRASE", "bench-passphrase-1");
        try
        {
            foreach (var step in new[] { "Write", "Verify" })
            {
                var child = PwshChild.Run<StepResult>(root, home, storePath, "Check-Manifest.ps1", "-Step", step, "-Folder", folder, "-Manifest", manifest);
                long peakMiB = child.PeakKiB / 1024;
                if (child.Counts.Included != registered.Count) throw new InvalidOperationException($"{step}: {child.Counts.Included} included, {registered.Count} registered.");
                var result = new BenchmarkResult(step == "Write" ? "New-LedgerManifest over shards, streaming" : "Test-LedgerManifest, streaming", "samples/s", samples,
                    child.Seconds, "none (peak memory target)", double.NaN, null);
                result.Notes.Add($"peak resident set of the pwsh process {peakMiB:N0} MiB (target < {PeakTargetMiB} MiB: {(peakMiB < PeakTargetMiB ? "PASS" : "BELOW")}); " +
                    $"manifest {new FileInfo(manifest).Length / 1e6:N0} MB");
                results.Add(result);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("CREATORLEDGER_PASSPHRASE", saved);
        }
        return [.. results];
    }

    private sealed record StepResult(double Seconds, long PeakKiB, StepCounts Counts);

    private sealed record StepCounts(long Included, long Excluded);
}
