using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>
/// One identity's registration of a work, while not withdrawn. The registration's title and media type are not kept
/// by the projection (a million works would cost hundreds of megabytes), nor its id: read the event at
/// (<see cref="Claimant"/>, <see cref="Seq"/>) for them.
/// </summary>
public sealed record WorkClaim(WorkId Work, IdentityId Claimant, long Seq, LedgerTime At, long Position);
