using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>An identity as the ledger knows it.</summary>
public sealed record IdentityRecord(IdentityId Id, string Name, string Role, string? Contact, LedgerTime Created, IdentityId CurrentKey, long Seq);
