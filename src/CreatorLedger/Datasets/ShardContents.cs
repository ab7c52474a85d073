namespace CreatorLedger.Datasets;

/// <summary>
/// What one shard gave: its samples in the order they are in the shard (with any problem the shard itself has, at the
/// end), how many bytes it has, and its SHA-256 when it was asked for (a manifest records it as one of its inputs).
/// </summary>
public sealed record ShardContents(string Path, IReadOnlyList<DatasetInput> Samples, long Bytes, string? Sha256);
