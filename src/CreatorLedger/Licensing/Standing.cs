namespace CreatorLedger.Licensing;

/// <summary>Where a grant or a mandate stands at a time.</summary>
public enum Standing
{
    Active,
    Revoked,
    Expired,
    NotYetValid,
}

/// <summary>The one rule for a standing: a revocation in effect first, then the window.</summary>
internal static class Standings
{
    public static Standing At(Window window, LedgerTime? revokedFrom, LedgerTime asOf) =>
        revokedFrom is { } revoked && revoked <= asOf ? Standing.Revoked
        : window.IsAhead(asOf) ? Standing.NotYetValid
        : window.HasEnded(asOf) ? Standing.Expired
        : Standing.Active;
}
