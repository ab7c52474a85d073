using CreatorLedger.Ledger;

namespace CreatorLedger.Payouts;

/// <summary>A payout computed from a ledger at a checkpoint: its lines (ordered by owner), their total, and what was left out and why.</summary>
public sealed record PayoutStatement(PayoutRequest Request, Checkpoint Checkpoint, IReadOnlyList<PayoutLine> Lines, IReadOnlyList<string> Notes)
{
    public decimal Total => Lines.Sum(l => l.Gross);
}
