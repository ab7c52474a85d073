using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>A creator's mandate to an agent as the ledger holds it, with the time the creator revoked it (as of the view it was read from).</summary>
public sealed record Mandate(EventId Id, IdentityId Owner, MandateGranted Terms, LedgerTime At, long Position, LedgerTime? RevokedAt)
{
    /// <summary>Active, Revoked, Expired or NotYetValid at <paramref name="asOf"/>.</summary>
    public string StatusAt(LedgerTime asOf)
    {
        if (RevokedAt is { } revoked && revoked <= asOf) return "Revoked";
        if (asOf < Terms.From) return "NotYetValid";
        if (Terms.Until is { } until && asOf >= until) return "Expired";
        return "Active";
    }
}
