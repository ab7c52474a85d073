using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>Events for one stream, with what the appender expects the stream's revision to be.</summary>
public sealed record StreamAppend(IdentityId Stream, ExpectedRevision Expected, IReadOnlyList<SignedEvent> Events);
