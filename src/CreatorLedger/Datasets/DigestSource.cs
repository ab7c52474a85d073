namespace CreatorLedger.Datasets;

/// <summary>How a sample's work digest was obtained (DESIGN §10).</summary>
public enum DigestSource
{
    /// <summary>Hashed here from the sample's bytes (a file, a shard member, a Parquet binary column).</summary>
    Content,

    /// <summary>Read from the dataset: a WebDataset sample's <c>.json</c>, a shard's <c>.parquet</c>, a Parquet digest column, or a list of digests.</summary>
    Metadata,
}
