namespace CreatorLedger;

/// <summary>What New-LedgerManifest wrote.</summary>
public sealed class ManifestInfo
{
    public string Path { get; init; } = "";
    public string Run { get; init; } = "";
    public long Included { get; init; }
    public long Excluded { get; init; }

    /// <summary>Of the excluded, how many were on a -Blocklist list.</summary>
    public long Prohibited { get; init; }
    public string Checkpoint { get; init; } = "";
    public string Sha256 { get; init; } = "";
}
