using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>A revocation of a grant. <see cref="Effective"/> is never earlier than the revocation's own time.</summary>
public sealed record Revocation(EventId Id, EventId GrantId, IdentityId Signer, LedgerTime Effective, string Reason, LedgerTime At, long Position);
