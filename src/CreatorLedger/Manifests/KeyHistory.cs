using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Manifests;

/// <summary>
/// Which key signed for an author at each seq, as far as a set of proven events shows (DESIGN §3): the genesis key
/// until a rotation names the next; a compromise, signed by the current or the recovery key, makes its signer current
/// and voids what the compromised key signed after the last valid seq. Used where no ledger is at hand.
/// </summary>
internal sealed class KeyHistory
{
    private readonly Dictionary<IdentityId, List<SignedEvent>> _changes = [];
    private readonly Dictionary<IdentityId, IdentityId?> _recovery = [];

    public KeyHistory(IEnumerable<SignedEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Type == EventTypes.IdentityCreated && e.Seq == 1 && IdentityCreated.TryRead(e.Data, out var created, out _))
                _recovery[e.Stream] = created.RecoveryKey;
            else if (e.Type is EventTypes.KeyRotated or EventTypes.KeyCompromised)
            {
                if (!_changes.TryGetValue(e.Stream, out var list)) _changes[e.Stream] = list = [];
                list.Add(e);
            }
        }
        foreach (var list in _changes.Values) list.Sort((a, b) => a.Seq.CompareTo(b.Seq));
    }

    /// <summary>Every key the proven history gives <paramref name="author"/>, the genesis key first.</summary>
    public IReadOnlyList<IdentityId> HeldBy(IdentityId author)
    {
        var keys = new List<IdentityId> { author };
        var current = author;
        foreach (var change in Changes(author))
        {
            if (Next(author, change, current) is not { } next) break;
            current = next;
            if (!keys.Contains(current)) keys.Add(current);
        }
        return keys;
    }

    /// <summary>Whether <paramref name="e"/> was signed by the key its author held at its seq, and not voided by a compromise.</summary>
    public bool Signs(SignedEvent e, out string? problem)
    {
        var current = e.Stream;
        foreach (var change in Changes(e.Stream))
        {
            if (change.Seq >= e.Seq) break;
            if (Next(e.Stream, change, current) is not { } next)
            {
                problem = $"the key change at seq {change.Seq} of {e.Stream} is not signed by a key it held then";
                return false;
            }
            current = next;
        }
        if (e.Key != current)
        {
            problem = $"it is signed by {e.Key}, which the proven key history does not make {e.Stream}'s key at seq {e.Seq}";
            return false;
        }
        foreach (var change in Changes(e.Stream))
            if (change.Type == EventTypes.KeyCompromised && KeyCompromised.TryRead(change.Data, out var compromised, out _)
                && compromised.Key == e.Key && e.Seq > compromised.LastValidSeq)
            {
                problem = $"its key {e.Key} was declared compromised after seq {compromised.LastValidSeq} of {e.Stream}";
                return false;
            }
        problem = null;
        return true;
    }

    private IReadOnlyList<SignedEvent> Changes(IdentityId author) => _changes.TryGetValue(author, out var list) ? list : [];

    // The key current after a change, or null when the change is not signed by a key the author may use then.
    private IdentityId? Next(IdentityId author, SignedEvent change, IdentityId current)
    {
        if (change.Type == EventTypes.KeyRotated)
            return change.Key == current && KeyRotated.TryRead(change.Data, out var rotated, out _) ? rotated.Next : null;
        var recovery = _recovery.GetValueOrDefault(author);
        return change.Key == current || change.Key == recovery ? change.Key : null;
    }
}
