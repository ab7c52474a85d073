using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>One thing wrong with a stored ledger: where (position), which event, and the violation.</summary>
public sealed record IntegrityProblem(long Position, EventId? EventId, IdentityId? Stream, long Seq, string Code, string Message)
{
    public override string ToString() => $"#{Position} {Code}: {Message}";
}
