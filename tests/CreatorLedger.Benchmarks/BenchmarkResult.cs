using System.Globalization;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// One measured rate, compared with a baseline measured in the same run on the same machine (a NaN baseline rate:
/// none, the target is absolute). Targets: a ratio, and optionally a minimum rate or a maximum time.
/// </summary>
internal sealed record BenchmarkResult(string Name, string Unit, long Items, double Seconds, string Baseline, double BaselineRate, double? Target)
{
    public double Rate => Items / Seconds;

    public double Ratio => Rate / BaselineRate;

    /// <summary>An absolute floor on <see cref="Rate"/>, checked besides the ratio.</summary>
    public double? MinRate { get; init; }

    /// <summary>An absolute ceiling on <see cref="Seconds"/>.</summary>
    public double? MaxSeconds { get; init; }

    /// <summary>PASS or BELOW against every target; INFO for figures printed as information only.</summary>
    public string Verdict
    {
        get
        {
            if (Target is null && MinRate is null && MaxSeconds is null) return "INFO";
            bool met = (Target is not { } t || Ratio >= t) && (MinRate is not { } r || Rate >= r) && (MaxSeconds is not { } s || Seconds <= s);
            return met ? "PASS" : "BELOW";
        }
    }

    /// <summary>What was measured along the way (phase timings), printed under the result.</summary>
    public List<string> Notes { get; } = [];

    public string TargetText => string.Join(" and ", new[]
    {
        Target is { } t ? "≥ " + t.ToString("0.00", CultureInfo.InvariantCulture) : null,
        MinRate is { } r ? $"≥ {FormatRate(r)}/s" : null,
        MaxSeconds is { } s ? $"≤ {s.ToString("0.0##", CultureInfo.InvariantCulture)} s" : null,
    }.Where(x => x is not null).DefaultIfEmpty("–"));

    public static string FormatRate(double rate) => double.IsNaN(rate) ? "–" : rate.ToString("N0", CultureInfo.InvariantCulture);

    public static string FormatSeconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);

    public static string FormatRatio(double ratio) => double.IsNaN(ratio) ? "–" : ratio.ToString("0.00", CultureInfo.InvariantCulture);
}
