using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// The end of one author's chain: what the next event must follow (seq, prev, time) and which key may sign it.
/// </summary>
public sealed record StreamHead(
    IdentityId Stream,
    long Seq,
    EventId LastId,
    LedgerTime LastAt,
    IdentityId CurrentKey,
    IdentityId? RecoveryKey,
    IReadOnlyList<IdentityId> Keys)
{
    /// <summary>Folds a stream's stored events (already verified) into its head.</summary>
    public static StreamHead? Replay(IEnumerable<SignedEvent> events)
    {
        StreamHead? head = null;
        foreach (var e in events)
        {
            var step = ChainRules.Next(head, e);
            head = step.Head ?? throw new InvalidOperationException($"The stored stream does not verify: {step.Violation}");
        }
        return head;
    }
}
