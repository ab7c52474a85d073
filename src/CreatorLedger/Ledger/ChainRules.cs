using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// The per-author chain rules of DESIGN §3–§4, in one place: seq follows seq, prev is the previous id,
/// time never runs backwards, seq 1 is the identity's creation by its own key, and only the current key
/// (or the recovery key, for KeyCompromised) signs. Signatures and the store clock are checked by <see cref="AppendRules"/>.
/// </summary>
public static class ChainRules
{
    public static ChainStep Next(StreamHead? head, SignedEvent e)
    {
        if (head is null)
        {
            if (e.Seq != 1) return Refuse(ViolationCode.SeqGap, e, $"the stream has no events, so the next seq is 1, not {e.Seq}");
            if (e.Type != EventTypes.IdentityCreated) return Refuse(ViolationCode.BadGenesis, e, $"seq 1 must be IdentityCreated, not {e.Type}");
            if (e.Key != e.Stream) return Refuse(ViolationCode.BadGenesis, e, "seq 1 must be signed by the key the stream is named after");
            if (!IdentityCreated.TryRead(e.Data, out var created, out var problem)) return Refuse(ViolationCode.InvalidData, e, problem!);
            return new ChainStep(new StreamHead(e.Stream, 1, e.Id, e.At, e.Stream, created.RecoveryKey, [e.Stream]), null);
        }

        if (e.Stream != head.Stream) throw new ArgumentException("The event belongs to another stream.", nameof(e));
        if (e.Seq == head.Seq && e.Id == head.LastId) return new ChainStep(head, null, IsDuplicate: true);
        if (e.Seq <= head.Seq) return Refuse(ViolationCode.Fork, e, $"seq {e.Seq} is already taken by another event (the stream is at seq {head.Seq})");
        if (e.Seq != head.Seq + 1) return Refuse(ViolationCode.SeqGap, e, $"expected seq {head.Seq + 1}, found {e.Seq}");
        if (e.Prev != head.LastId) return Refuse(ViolationCode.PrevMismatch, e, $"prev must be {head.LastId}, found {e.Prev}");
        if (e.At < head.LastAt) return Refuse(ViolationCode.TimeBackwards, e, $"at {e.At} is earlier than the previous event's {head.LastAt}");

        bool byCurrent = e.Key == head.CurrentKey;
        bool byRecovery = head.RecoveryKey is { } recovery && e.Key == recovery && e.Type == EventTypes.KeyCompromised;
        if (!byCurrent && !byRecovery)
            return Refuse(ViolationCode.WrongKey, e, $"signed by {e.Key}, but the stream's current key is {head.CurrentKey}");

        var next = head with { Seq = e.Seq, LastId = e.Id, LastAt = e.At };
        switch (e.Type)
        {
            case EventTypes.IdentityCreated:
                return Refuse(ViolationCode.BadGenesis, e, "IdentityCreated is only valid at seq 1");
            case EventTypes.KeyRotated:
            {
                if (!KeyRotated.TryRead(e.Data, out var rotated, out var problem)) return Refuse(ViolationCode.InvalidData, e, problem!);
                if (head.Keys.Contains(rotated.Next)) return Refuse(ViolationCode.InvalidData, e, "a rotation must name a key the stream has not used");
                return new ChainStep(next with { CurrentKey = rotated.Next, Keys = [.. head.Keys, rotated.Next] }, null);
            }
            case EventTypes.KeyCompromised:
            {
                if (!KeyCompromised.TryRead(e.Data, out var compromised, out var problem)) return Refuse(ViolationCode.InvalidData, e, problem!);
                if (!head.Keys.Contains(compromised.Key)) return Refuse(ViolationCode.InvalidData, e, $"{compromised.Key} never signed for this stream");
                if (compromised.Key == e.Key) return Refuse(ViolationCode.InvalidData, e, "a key cannot declare itself compromised; rotate first or use the recovery key");
                if (compromised.LastValidSeq >= e.Seq) return Refuse(ViolationCode.InvalidData, e, "lastValidSeq must be earlier than the KeyCompromised event");
                // The signer (current or recovery key) carries the stream on.
                var keys = head.Keys.Contains(e.Key) ? head.Keys : [.. head.Keys, e.Key];
                return new ChainStep(next with { CurrentKey = e.Key, Keys = keys }, null);
            }
            case EventTypes.WorkRegistered when WorkRegistered.IsListForm(e.Data):
            {
                // A list is refused whole when any entry is bad. The single form keeps its first rules (a malformed one is
                // kept and ignored by projections), so ledgers written before lists existed still import and verify.
                if (e.ListProblem() is { } problem) return Refuse(ViolationCode.InvalidData, e, problem);
                return new ChainStep(next, null);
            }
            default:
                return new ChainStep(next, null);
        }
    }

    private static ChainStep Refuse(ViolationCode code, SignedEvent e, string message) =>
        new(null, new ChainViolation(code, e.Stream, e.Seq, e.Id, message));
}
