using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using CreatorLedger.Benchmarks;
using static CreatorLedger.Benchmarks.BenchmarkResult;

// Usage: dotnet run -c Release --project tests/CreatorLedger.Benchmarks -- [--quick] [--n <count>] [--profile] [--strict]
//   --quick    10x smaller sizes (a smoke run)
//   --n        items per benchmark (default 100,000)
//   --profile  also time the steps inside the append and the integrity check
//   --strict   exit with 1 when a ratio is below its target
//   --only     run only the benchmarks whose name contains this text (e.g. --only projection)
//   --scale    run only the scale benchmark: one ledger grown to 100,000, 1,000,000 and 10,000,000 events (or to
//              --scale <events>), measured at each size (under an hour on 2 cores; not run by CI)
// `dotnet pwsh ./build.ps1 -Task Bench -BenchArgs --n,1000` from a non-PowerShell shell passes "--n,1000" as one
// argument, and "--n=1000" is a common spelling: accept both.
// A child the picture benchmark starts to measure one picture's peak memory alone.
if (args is [PictureBenchmark.ChildArgument, var childMode, var childPath]) return PictureBenchmark.RunChild(childMode, childPath);
args = args.SelectMany(a => a.StartsWith("--", StringComparison.Ordinal) ? a.Split(',', '=') : [a]).ToArray();
int count = 100_000;
bool quick = false, profile = false, strict = false;
string? only = null;
long? scale = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick": quick = true; break;
        case "--profile": profile = true; break;
        case "--strict": strict = true; break;
        case "--scale":
            scale = ScaleBenchmark.Sizes[^1];
            if (i + 1 < args.Length && long.TryParse(args[i + 1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var events) && events > 0)
            {
                scale = events;
                i++;
            }
            break;
        case "--only" when i + 1 < args.Length:
            only = args[++i];
            break;
        case "--n" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) && n > 0:
            count = n;
            i++;
            break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'. Usage: [--quick] [--n <count>] [--profile] [--strict] [--only <name>] [--scale [<events>]]");
            return 2;
    }
}
if (quick) count = Math.Max(100, count / 10);
int warmup = Math.Min(1_000, count);

Console.WriteLine($"CreatorLedger benchmarks: {count:N0} items each, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, " +
    $".NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
Console.WriteLine($"Warming up on {warmup:N0} items...");
await RegistrationBenchmark.RunAsync(warmup, profile: false);
await AppendBenchmark.RunAsync(warmup, profile: false);
await VerifyBenchmark.RunAsync(warmup, profile: false);
// Methods that became hot during the warm-up are recompiled (tier 1) on a background thread: let that finish
// so that the first benchmark does not pay for it.
await Task.Delay(TimeSpan.FromSeconds(2));

var results = new List<BenchmarkResult>();
async Task Run(string name, Func<Task<BenchmarkResult[]>> benchmark)
{
    if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase)) return;
    foreach (var r in await benchmark())
    {
        results.Add(r);
        Console.WriteLine();
        Console.WriteLine($"{r.Name}: {r.Items:N0} items in {FormatSeconds(r.Seconds)} s = {FormatRate(r.Rate)} {r.Unit}; " +
            $"baseline ({r.Baseline}) {FormatRate(r.BaselineRate)}/s; ratio {FormatRatio(r.Ratio)}, target {r.TargetText}: {r.Verdict}");
        foreach (var note in r.Notes) Console.WriteLine($"    {note}");
    }
}
// The scale run is on its own: an hour of one ledger growing, measured at each size.
if (scale is { } largest)
{
    only = "scale";
    await Run("scale", () => ScaleBenchmark.RunAsync(largest, Console.WriteLine));
}
await Run("registration", async () => [await RegistrationBenchmark.RunAsync(count, profile)]);
await Run("append", async () => [await AppendBenchmark.RunAsync(count, profile)]);
await Run("integrity", () => VerifyBenchmark.RunAsync(count, profile));
await Run("dataset", () => DatasetBenchmark.RunAsync(count, Console.WriteLine, profile));
await Run("shards", () => ShardBenchmark.RunAsync(count * 10, Console.WriteLine));
await Run("manifest", () => ManifestBenchmark.RunAsync(count * 10, Console.WriteLine));
await Run("screening", () => ScreeningBenchmark.RunAsync(count, count * 10, Console.WriteLine));
await Run("screening-pictures", () => PictureBenchmark.RunAsync(count / 10, Console.WriteLine));
await Run("exact-screening", () => ExactScreeningBenchmark.RunAsync(count, count * 10, Console.WriteLine));
await Run("payout", () => PayoutBenchmark.RunAsync(count, Console.WriteLine));
await Run("postgres", () => PostgresBenchmark.RunAsync(count, Console.WriteLine));
await Run("eventstore", () => EventStoreDbBenchmark.RunAsync(count, Console.WriteLine));
await Run("projection", () => ProjectionBenchmark.RunAsync(count * 10, Console.WriteLine, profile));
await Run("projection-mix", () => ProjectionBenchmark.RunMixAsync(count, Console.WriteLine, profile));
await Run("consent", () => ConsentBenchmark.RunAsync(count * 10, Console.WriteLine));
await Run("transparency", () => TransparencyBenchmark.RunAsync(count * 10, count, Console.WriteLine));
await Run("parquet", () => ParquetBenchmark.RunAsync(count * 100, count * 10, Console.WriteLine, profile));

Console.WriteLine();
Console.WriteLine($"Results ({count:N0} items, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}):");
Console.WriteLine();
Console.WriteLine("| benchmark | items | seconds | rate | baseline | baseline rate | ratio | target | result |");
Console.WriteLine("|---|---:|---:|---:|---|---:|---:|---:|---|");
foreach (var r in results)
    Console.WriteLine($"| {r.Name} | {r.Items:N0} | {FormatSeconds(r.Seconds)} | {FormatRate(r.Rate)} {r.Unit} | {r.Baseline} | " +
        $"{FormatRate(r.BaselineRate)}/s | {FormatRatio(r.Ratio)} | {r.TargetText} | {r.Verdict} |");
Workspace.RemoveRootIfEmpty();
return strict && results.Any(r => r.Verdict == "BELOW") ? 1 : 0;
