namespace CreatorLedger.Datasets;

/// <summary>
/// Which columns of a Parquet file make its samples (DESIGN §10): a digest column (sha256:-prefixed or bare hex, or the
/// 32 bytes; <see cref="DigestSource.Metadata"/>) or a binary column whose bytes are hashed (<see cref="DigestSource.Content"/>),
/// such as the <c>bytes</c> field of a Hugging Face image struct, named with a dot: <c>image.bytes</c>. A key column names
/// the rows in decisions and manifests.
/// </summary>
public sealed record ParquetColumns
{
    /// <summary>img2dataset's column for the SHA-256 of the original download.</summary>
    public const string DefaultDigestColumn = "sha256";

    /// <summary>The key column when none is named and the file has one (img2dataset's).</summary>
    public const string DefaultKeyColumn = "key";

    private ParquetColumns(string? digest, string? bytes, string? key)
    {
        if (key is not null) ArgumentException.ThrowIfNullOrWhiteSpace(key);
        DigestColumn = digest;
        BytesColumn = bytes;
        KeyColumn = key;
    }

    /// <summary>The samples' digests are read from <paramref name="column"/>.</summary>
    public static ParquetColumns Digest(string column = DefaultDigestColumn, string? key = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        return new(column, null, key);
    }

    /// <summary>The samples are the bytes in <paramref name="column"/> (a binary column, or a struct's field as <c>image.bytes</c>), hashed here.</summary>
    public static ParquetColumns Bytes(string column, string? key = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        return new(null, column, key);
    }

    public string? DigestColumn { get; }

    public string? BytesColumn { get; }

    /// <summary>
    /// The column naming each row; null for the default: <c>key</c> when the file has one, else, for the bytes of a
    /// struct (<c>image.bytes</c>), its <c>path</c> field (<c>image.path</c>) when it has one, else none.
    /// </summary>
    public string? KeyColumn { get; }

    /// <summary>The digest or bytes column.</summary>
    public string Sample => DigestColumn ?? BytesColumn!;

    public DigestSource Source => DigestColumn is null ? DigestSource.Content : DigestSource.Metadata;
}
