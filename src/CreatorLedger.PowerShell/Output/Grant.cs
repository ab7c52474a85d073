namespace CreatorLedger;

/// <summary>A license grant with its status now.</summary>
public sealed class Grant
{
    public string GrantId { get; init; } = "";
    public string Owner { get; init; } = "";
    public string? OwnerName { get; init; }
    public string Signer { get; init; } = "";
    public string[] Works { get; init; } = [];
    public string Licensee { get; init; } = "";
    public string? LicenseeName { get; init; }
    public string[] Uses { get; init; } = [];
    public bool Commercial { get; init; }
    public DateTimeOffset From { get; init; }
    public DateTimeOffset? Until { get; init; }
    public string[] Territories { get; init; } = [];
    public string Fee { get; init; } = "";
    public bool Attribution { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset? RevokedEffective { get; init; }
    public string? RevocationId { get; init; }

    public override string ToString() => GrantId;
}
