namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// A sample found on a list (DESIGN §11, rule 0 of §6): which list, by which hash, and for PDQ how far (in bits) the
/// sample's hash is from the listed one. It names the list and never the listed hash.
/// </summary>
public sealed record ScreeningMatch(string List, string? Version, HashKind Kind, int? Distance)
{
    /// <summary>The decision's reason: Md5Match, Sha1Match, Sha256Match or PdqMatch.</summary>
    public string Reason => Kind switch
    {
        HashKind.Md5 => "Md5Match",
        HashKind.Sha1 => "Sha1Match",
        HashKind.Sha256 => "Sha256Match",
        _ => "PdqMatch",
    };

    /// <summary>The hash a reason says a sample matched by (a manifest keeps the reason, not the kind).</summary>
    public static HashKind KindOf(string reason) =>
        Enum.GetValues<HashKind>().FirstOrDefault(k => new ScreeningMatch("", null, k, null).Reason == reason, HashKind.Pdq);

    public override string ToString() =>
        $"it is on the list '{List}'{(Version is null ? "" : $" (version {Version})")} by its " +
        (Kind == HashKind.Pdq ? $"PDQ hash, at distance {Distance}" : Kind.Name().ToUpperInvariant());
}
