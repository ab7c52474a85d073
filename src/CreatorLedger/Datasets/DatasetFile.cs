namespace CreatorLedger.Datasets;

/// <summary>A shard or Parquet file a dataset check read: a manifest records it, so it says exactly which bytes it is about.</summary>
public sealed record DatasetFile(string Path, long Bytes, string? Sha256);
