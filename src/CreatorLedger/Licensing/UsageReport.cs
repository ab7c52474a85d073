using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>A usage report on the ledger: who reported it (the developer, its signer), what it says, and where it is.</summary>
public sealed record UsageReport(EventId Id, IdentityId Developer, UsageReported Data, LedgerTime At, long Position);
