using System.Management.Automation;
using CreatorLedger.Events;

namespace CreatorLedger.PowerShell.Commands;

/// <summary>The mandates on the ledger: who lets which agent grant what, for which commission, and whether it still holds.</summary>
[Cmdlet(VerbsCommon.Get, "LedgerMandate")]
[OutputType(typeof(Mandate))]
public sealed class GetLedgerMandateCommand : LedgerCmdlet
{
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Owner { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Agent { get; set; }

    [Parameter]
    [ValidateSet("Active", "Revoked", "Expired", "NotYetValid")]
    public string[]? Status { get; set; }

    protected override void ProcessRecord()
    {
        var projection = Licenses(ConnectedStore());
        var owner = Owner is null ? (Identity.IdentityId?)null : ResolveIdentity(Owner, projection);
        var agent = Agent is null ? (Identity.IdentityId?)null : ResolveIdentity(Agent, projection);
        var now = Now;
        foreach (var mandate in projection.Mandates)
        {
            if (owner is { } o && mandate.Owner != o) continue;
            if (agent is { } a && mandate.Terms.Agent != a) continue;
            var view = Views.ToMandate(mandate, projection, now);
            if (Status is not null && !Status.Contains(view.Status, StringComparer.OrdinalIgnoreCase)) continue;
            WriteObject(view);
        }
    }
}
