using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>One identity's registration of a work, while not withdrawn.</summary>
public sealed record WorkClaim(WorkId Work, IdentityId Claimant, WorkRegistered Registration, LedgerTime At, EventId EventId, long Position);
