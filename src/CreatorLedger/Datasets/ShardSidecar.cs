namespace CreatorLedger.Datasets;

/// <summary>
/// The <c>.parquet</c> img2dataset writes beside each shard (<c>00000.tar</c> → <c>00000.parquet</c>): a row per sample
/// it tried, failed downloads included, with its <c>key</c> and the digest of the original download. Where a sample's
/// <c>.json</c> has no digest, its row here gives it. A key with two different digests gives none (which row is the
/// sample cannot be known); a sidecar that cannot be read says why, and the samples that needed it say so.
/// </summary>
public sealed record ShardSidecar(string Path, IReadOnlyDictionary<string, string?> Digests, string? Problem = null)
{
    /// <summary>Where the sidecar of <paramref name="shard"/> is, whether or not it exists.</summary>
    public static string PathOf(string shard)
    {
        ArgumentException.ThrowIfNullOrEmpty(shard);
        foreach (var extension in (string[])[".tar.gz", ".tgz", ".tar"])
            if (shard.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return shard[..^extension.Length] + ".parquet";
        return shard + ".parquet";
    }

    /// <summary>The digest text per key from the shard's sidecar (column <paramref name="digestColumn"/>), or null when the shard has none.</summary>
    public static ShardSidecar? Read(string shard, string digestColumn, CancellationToken cancellationToken = default)
    {
        var path = PathOf(shard);
        if (!File.Exists(path)) return null;
        var digests = new Dictionary<string, string?>(StringComparer.Ordinal);
        using var samples = ParquetSamples.OpenAsync(path, ParquetColumns.Digest(digestColumn, ParquetColumns.DefaultKeyColumn), cancellationToken)
            .GetAwaiter().GetResult();
        if ((samples.Broken ?? samples.ColumnProblem?.Message) is { } unusable) return new ShardSidecar(path, digests, unusable);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        for (int group = 0; group < samples.RowGroups; group++)
        {
            var (values, keys, _, problem) = samples.ReadColumnsAsync(group, cancellationToken).GetAwaiter().GetResult();
            if (problem is not null) return new ShardSidecar(path, digests, problem);
            using (values)
            using (keys)
            {
                for (int row = 0; row < values!.Rows; row++)
                {
                    if (keys!.Text(row) is not { } key) continue;
                    var digest = values.Text(row);
                    if (digests.TryAdd(key, digest) || digests[key] == digest) continue;
                    ambiguous.Add(key);
                }
            }
        }
        foreach (var key in ambiguous) digests[key] = null;
        return new ShardSidecar(path, digests);
    }
}
