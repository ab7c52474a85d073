using CreatorLedger.Events;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell;

/// <summary>
/// The registration behind each claim, read from the store: the projection keeps where it is, not what it says. The
/// last event read is kept, as the works of a list come one after another (2,500 works, 3 events read).
/// </summary>
internal sealed class Registrations(IEventStore store)
{
    private (Identity.IdentityId Claimant, long Seq, WorkRegistered? Registered, EventId? Id)? _last;

    public (RegisteredWork? Work, EventId? EventId) Of(WorkClaim claim)
    {
        if (_last is not { } last || last.Claimant != claim.Claimant || last.Seq != claim.Seq)
        {
            var recorded = LedgerCmdlet.Run(store.FindAsync(claim.Claimant, claim.Seq));
            var registered = recorded is not null && WorkRegistered.TryRead(recorded.Event.Data, out var r, out _) ? r : null;
            _last = last = (claim.Claimant, claim.Seq, registered, recorded?.Id);
        }
        return (last.Registered?.Find(claim.Work), last.Id);
    }
}
