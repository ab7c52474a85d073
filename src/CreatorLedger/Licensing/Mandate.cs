using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>A creator's mandate to an agent as the ledger holds it, with the time the creator revoked it (as of the view it was read from).</summary>
public sealed record Mandate(EventId Id, IdentityId Owner, MandateGranted Terms, LedgerTime At, long Position, LedgerTime? RevokedAt)
{
    /// <summary>Where the mandate stands at <paramref name="asOf"/>.</summary>
    public Standing StatusAt(LedgerTime asOf) => Standings.At(Terms.Window, RevokedAt, asOf);
}
