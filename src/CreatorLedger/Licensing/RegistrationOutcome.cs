using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>What a registration did with each work: newly registered, already yours (no-op), or now disputed with others.</summary>
public sealed record RegistrationOutcome(
    IReadOnlyList<SignedEvent> Registered,
    IReadOnlyList<WorkId> AlreadyYours,
    IReadOnlyList<(WorkId Work, IReadOnlyList<IdentityId> OtherClaimants)> NowDisputed);
