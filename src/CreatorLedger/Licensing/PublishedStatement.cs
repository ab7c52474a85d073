using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>A payout statement published on the ledger by a society (its signer).</summary>
public sealed record PublishedStatement(EventId Id, IdentityId Society, PayoutStatementIssued Data, LedgerTime At, long Position);
