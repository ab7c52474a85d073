using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Payouts;

/// <summary>
/// One line of a statement: what one owner is paid under one mandate (or none), and everything it traces to — the
/// works, the grants, the usage reports, the rule — with gross, the society's commission and net, in minor units exactly.
/// </summary>
public sealed record PayoutLine(
    IdentityId Owner,
    EventId? Mandate,
    decimal CommissionPercent,
    IReadOnlyList<WorkId> Works,
    IReadOnlyList<EventId> Grants,
    IReadOnlyList<EventId> UsageReports,
    PayoutRule Rule,
    decimal Gross,
    decimal Commission,
    decimal Net);
