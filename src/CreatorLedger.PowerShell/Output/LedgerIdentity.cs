namespace CreatorLedger;

/// <summary>An identity (CreatorLedger.LedgerIdentity), as Get-LedgerIdentity shows it: from the local key file, the ledger, or both.</summary>
public sealed class LedgerIdentity
{
    public string Name { get; init; } = "";
    public string Did { get; init; } = "";
    public string Role { get; init; } = "";
    public string Key { get; init; } = "";
    public string? Contact { get; init; }
    public bool HasKeyFile { get; init; }
    public string? KeyFile { get; init; }
    public DateTimeOffset? Created { get; init; }
    public long Seq { get; init; }

    public override string ToString() => $"{Name} ({Did})";
}
