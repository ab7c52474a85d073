namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// When two PDQ hashes name the same picture, by the thresholds Meta publishes with PDQ: at most 31 bits apart, and
/// only hashes of quality 50 or more count (a flat or tiny picture's bits are mostly noise).
/// </summary>
public static class PdqMatch
{
    /// <summary>The largest distance that is still a match.</summary>
    public const int MaxDistance = 31;

    /// <summary>Below this quality a hash is not trusted: neither a match nor a non-match says anything.</summary>
    public const int MinQuality = 50;

    public static bool IsMatch(PdqHash a, PdqHash b) => a.DistanceTo(b) <= MaxDistance;

    public static bool IsTrusted(int quality) => quality >= MinQuality;
}
