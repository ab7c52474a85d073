using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>
/// What a developer asks of one work: may <see cref="Licensee"/> use it for <see cref="Use"/>, commercially or not,
/// in <see cref="Territory"/> (ISO 3166-1 alpha-2; null when not given, which a territory-limited grant does not cover).
/// </summary>
public sealed record ConsentRequest(WorkId Work, IdentityId Licensee, Use Use, bool Commercial = false, string? Territory = null);
