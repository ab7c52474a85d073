using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;

namespace CreatorLedger.Licensing;

/// <summary>
/// The answer for one work: licensed or not, the most specific reason, the owner, the grants that license it (or,
/// when not licensed, the grant that came closest), the time the windows were evaluated at, and the checkpoint.
/// </summary>
public sealed record ConsentDecision(
    WorkId Work,
    ConsentReason Reason,
    IdentityId? Owner,
    IReadOnlyList<EventId> GrantIds,
    LedgerTime EvaluatedAt,
    Checkpoint? Checkpoint)
{
    public bool IsLicensed => Reason == ConsentReason.Licensed;

    /// <summary>Licensed, NotLicensed, NotRegistered or Disputed (DESIGN §6).</summary>
    public string Decision => Reason switch
    {
        ConsentReason.Licensed => "Licensed",
        ConsentReason.NotRegistered => "NotRegistered",
        ConsentReason.Disputed => "Disputed",
        _ => "NotLicensed",
    };
}
