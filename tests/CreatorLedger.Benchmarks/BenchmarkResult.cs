using System.Globalization;

namespace CreatorLedger.Benchmarks;

/// <summary>One measured rate, compared with a baseline measured in the same run on the same machine.</summary>
internal sealed record BenchmarkResult(string Name, string Unit, long Items, double Seconds, string Baseline, double BaselineRate, double? Target)
{
    public double Rate => Items / Seconds;

    public double Ratio => Rate / BaselineRate;

    /// <summary>PASS or BELOW against the target; INFO for rates printed as information only.</summary>
    public string Verdict => Target is { } target ? (Ratio >= target ? "PASS" : "BELOW") : "INFO";

    /// <summary>What was measured along the way (phase timings), printed under the result.</summary>
    public List<string> Notes { get; } = [];

    public string TargetText => Target is { } target ? "≥ " + target.ToString("0.00", CultureInfo.InvariantCulture) : "–";

    public static string FormatRate(double rate) => rate.ToString("N0", CultureInfo.InvariantCulture);

    public static string FormatSeconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);

    public static string FormatRatio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);
}
