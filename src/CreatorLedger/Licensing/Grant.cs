using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>A license grant on the ledger, with who signed it, for whom (the owner), and its revocation if any.</summary>
public sealed record Grant(EventId Id, IdentityId Signer, IdentityId Owner, LicenseGranted License, LedgerTime At, long Position)
{
    /// <summary>The revocation that counts (the earliest effective one), as of the view the grant was read from.</summary>
    public Revocation? Revocation { get; init; }

    /// <summary>Where the grant stands at <paramref name="asOf"/>.</summary>
    public Standing StatusAt(LedgerTime asOf) => Standings.At(License.Window, Revocation?.Effective, asOf);
}
