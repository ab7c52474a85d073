using System.Management.Automation;
using CreatorLedger.Events;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsCommon.Get, "LedgerLicense")]
[OutputType(typeof(Grant))]
public sealed class GetLedgerLicenseCommand : LedgerCmdlet
{
    /// <summary>Grants covering this work (including '*' grants by one of its claimants).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Digest")]
    public string? Work { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Owner { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Licensee { get; set; }

    [Parameter]
    [Alias("GrantId")]
    public string? Grant { get; set; }

    [Parameter]
    [ValidateSet("Active", "Revoked", "Expired", "NotYetValid")]
    public string[]? Status { get; set; }

    protected override void ProcessRecord()
    {
        var projection = Licenses(ConnectedStore());
        var now = Now;
        var owner = ResolveOrFail(Owner, projection);
        var licensee = Licensee == LicenseGranted.Everything ? null : ResolveOrFail(Licensee, projection);
        WorkId? work = null;
        if (Work is not null)
        {
            if (!WorkId.TryParse(Work, out var w)) ThrowArgumentError(ErrorIds.InvalidWork, $"'{Work}' is not a work digest.", Work);
            work = w;
        }
        foreach (var grant in work is { } covered ? projection.GrantsCovering(covered) : projection.Grants)
        {
            if (Grant is not null && !string.Equals(grant.Id.Hex, Grant, StringComparison.OrdinalIgnoreCase)) continue;
            if (owner is { } o && grant.Owner != o) continue;
            if (Licensee == LicenseGranted.Everything && grant.License.Licensee is not null) continue;
            if (licensee is { } l && grant.License.Licensee is { } gl && gl != l) continue;
            var view = Views.ToGrant(grant, projection, now);
            if (Status is not null && !Status.Contains(view.Status, StringComparer.OrdinalIgnoreCase)) continue;
            WriteObject(view);
        }
    }

    private Identity.IdentityId? ResolveOrFail(string? nameOrDid, LicenseView projection)
    {
        if (nameOrDid is null) return null;
        return ResolveIdentity(nameOrDid, projection);
    }
}
