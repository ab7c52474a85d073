using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>
/// What a registration did with each work: newly registered (with the event that lists it), already yours (no-op), or
/// now disputed with others. <see cref="Events"/> are the events written, each registering up to 1,000 works.
/// </summary>
public sealed record RegistrationOutcome(
    IReadOnlyList<(RegisteredWork Work, SignedEvent Event)> Registered,
    IReadOnlyList<WorkId> AlreadyYours,
    IReadOnlyList<(WorkId Work, IReadOnlyList<IdentityId> OtherClaimants)> NowDisputed)
{
    public IReadOnlyList<SignedEvent> Events => [.. Registered.Select(r => r.Event).Distinct()];
}
