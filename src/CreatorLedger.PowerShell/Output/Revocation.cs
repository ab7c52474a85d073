namespace CreatorLedger;

/// <summary>A revocation of a grant.</summary>
public sealed class Revocation
{
    public string RevocationId { get; init; } = "";
    public string GrantId { get; init; } = "";
    public DateTimeOffset Effective { get; init; }
    public string Reason { get; init; } = "";
    public string Signer { get; init; } = "";

    public override string ToString() => RevocationId;
}
