using CreatorLedger.Datasets.Screening;

namespace CreatorLedger.Manifests;

/// <summary>
/// How a manifest's samples were screened (DESIGN §11): each list by what identifies it — its SHA-256, name, version,
/// issuer and entry count, never its hashes — and which hashes of every sample the manifest keeps so that a newer list
/// can screen the run again.
/// </summary>
public sealed record ManifestScreening(IReadOnlyList<ManifestList> Lists, ScreeningNeeds Hashes)
{
    public static ManifestScreening Of(ScreeningLists lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        return new([.. lists.Lists.Select(l => new ManifestList(l.Name, l.Version, l.Issuer, l.Sha256, l.Entries))], lists.Needs);
    }
}

/// <summary>A screening list as a manifest names it.</summary>
public sealed record ManifestList(string Name, string? Version, string? Issuer, string Sha256, long Entries);
