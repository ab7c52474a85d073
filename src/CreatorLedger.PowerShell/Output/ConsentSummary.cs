namespace CreatorLedger;

/// <summary>A count of Test-LedgerLicense decisions with one decision and reason, per source (-Summary).</summary>
public sealed class ConsentSummary
{
    /// <summary>The shard or Parquet file the samples came from; null for loose files and digests given as they are.</summary>
    public string? Source { get; init; }

    public string Decision { get; init; } = "";
    public string Reason { get; init; } = "";
    public long Count { get; init; }
}
