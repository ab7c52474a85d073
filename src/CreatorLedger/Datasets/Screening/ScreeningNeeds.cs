namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// Which hashes of a sample's bytes a screening needs, besides its work digest: only those its lists hold are computed
/// (DESIGN §11: screening costs only what it is asked for).
/// </summary>
[Flags]
public enum ScreeningNeeds
{
    None = 0,
    Md5 = 1,
    Sha1 = 2,

    /// <summary>The SHA-256 of the bytes themselves: a file's or a hashed member's work digest already is one.</summary>
    Sha256 = 4,

    /// <summary>PDQ, for samples whose bytes are a picture.</summary>
    Pdq = 8,
}

/// <summary>Between the kinds a list holds and the hashes a sample needs for it.</summary>
public static class ScreeningNeedsExtensions
{
    public static ScreeningNeeds Need(this HashKind kind) => kind switch
    {
        HashKind.Md5 => ScreeningNeeds.Md5,
        HashKind.Sha1 => ScreeningNeeds.Sha1,
        HashKind.Sha256 => ScreeningNeeds.Sha256,
        HashKind.Pdq => ScreeningNeeds.Pdq,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static IEnumerable<HashKind> Kinds(this ScreeningNeeds needs) => Enum.GetValues<HashKind>().Where(k => (needs & k.Need()) != 0);

    /// <summary>The hashes, as people and manifests name them: md5, sha1, sha256, pdq.</summary>
    public static string Describe(this ScreeningNeeds needs) => string.Join(", ", needs.Kinds().Select(k => k.Name()));

    public static string Name(this HashKind kind) => kind switch
    {
        HashKind.Md5 => "md5",
        HashKind.Sha1 => "sha1",
        HashKind.Sha256 => "sha256",
        _ => "pdq",
    };
}
