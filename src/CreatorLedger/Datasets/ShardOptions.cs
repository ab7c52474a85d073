namespace CreatorLedger.Datasets;

/// <summary>
/// How samples are read from WebDataset shards (DESIGN §10): which member extensions are the sample, and where its
/// digest comes from — its metadata (the sample's <c>.json</c>, else the shard's <c>.parquet</c>: img2dataset records
/// there the SHA-256 of the original download, which is what a creator registered) or its member's bytes.
/// </summary>
public sealed record ShardOptions
{
    /// <summary>Media extensions, in preference order when a sample has several.</summary>
    public static readonly IReadOnlyList<string> DefaultMembers =
        ["jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff", "avif", "mp3", "wav", "flac", "ogg", "opus", "m4a", "mp4", "webm", "mkv", "mov"];

    public const string DefaultDigestField = "sha256";

    public ShardOptions(IReadOnlyList<string>? members = null, DigestSource digestFrom = DigestSource.Metadata, string digestField = DefaultDigestField,
        bool hashShards = false)
    {
        Members = [.. (members is { Count: > 0 } ? members : DefaultMembers).Select(m => m.TrimStart('.').ToLowerInvariant())];
        if (Members.Any(m => m.Length == 0)) throw new ArgumentException("A member extension cannot be empty.", nameof(members));
        ArgumentException.ThrowIfNullOrWhiteSpace(digestField);
        DigestFrom = digestFrom;
        DigestField = digestField;
        HashShards = hashShards;
    }

    /// <summary>Extensions (lowercase, without the dot) of the member that is the sample.</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary>Where <paramref name="extension"/> stands among <see cref="Members"/> (lower is preferred), or -1 when it is not a media member.</summary>
    public int Preference(string extension)
    {
        for (int i = 0; i < Members.Count; i++)
            if (Members[i] == extension) return i;
        return -1;
    }

    public DigestSource DigestFrom { get; }

    /// <summary>The field of the sample's <c>.json</c>, and the column of the shard's <c>.parquet</c>, that holds the digest.</summary>
    public string DigestField { get; }

    /// <summary>Whether to take each shard's SHA-256 as it is read (a manifest records its inputs).</summary>
    public bool HashShards { get; }

    /// <summary>The hashes of each sample's media member that screening needs (DESIGN §11): its bytes are then read and hashed, whatever the digest's source.</summary>
    public Screening.ScreeningNeeds Screening { get; init; }
}
