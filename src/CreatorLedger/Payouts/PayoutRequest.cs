using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Payouts;

/// <summary>How money is worked out from usage: the fees the grants set, or a pool split over the works used.</summary>
public enum PayoutRule
{
    /// <summary>Each grant's <c>terms.fee</c>: per work used, per run, or per year, as the usage reports imply.</summary>
    Fees,

    /// <summary>A pool split pro rata over the works used (equal per work, or by a weight per work), then to their owners.</summary>
    Pool,
}

/// <summary>
/// What a payout is computed for: a month (<c>yyyy-MM</c>), a currency, a rule, the pool and weights for
/// <see cref="PayoutRule.Pool"/>, and the society whose commission is deducted where its mandates cover the usage.
/// </summary>
public sealed record PayoutRequest(string Period, Currency Currency, PayoutRule Rule, decimal? Pool = null,
    IReadOnlyDictionary<WorkId, decimal>? Weights = null, IdentityId? Society = null);
