using System.Management.Automation;
using System.Security;
using CreatorLedger.Events;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsSecurity.Grant, "LedgerLicense", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByWork)]
[OutputType(typeof(Grant))]
public sealed class GrantLedgerLicenseCommand : LedgerCmdlet
{
    private const string ByWork = nameof(ByWork);
    private const string AllWorksSet = nameof(AllWorksSet);
    private readonly List<WorkId> _works = [];

    [Parameter(Mandatory = true, ParameterSetName = ByWork, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Digest")]
    public string[] Work { get; set; } = [];

    /// <summary>Grant on every work the identity holds when a license is checked ("*"), including later ones.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllWorksSet)]
    public SwitchParameter AllWorks { get; set; }

    /// <summary>The creator granting, or the agent (a local key); may be left out when this machine has one identity.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Identity { get; set; }

    /// <summary>Grant as an agent (a society) on this creator's works, under a mandate from them (name or did).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Owner { get; set; }

    /// <summary>Who may use the works: an identity name, a did:key, or '*' for anyone.</summary>
    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string Licensee { get; set; } = "";

    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(UseCompleter))]
    public string[] Use { get; set; } = [];

    [Parameter]
    public SwitchParameter Commercial { get; set; }

    [Parameter]
    [LedgerDate]
    public DateTimeOffset? From { get; set; }

    [Parameter]
    [LedgerDate]
    public DateTimeOffset? Until { get; set; }

    [Parameter]
    public string[]? Territory { get; set; }

    [Parameter]
    public decimal? Fee { get; set; }

    [Parameter]
    public string? Currency { get; set; }

    [Parameter]
    [ValidateSet("work", "run", "year")]
    public string Per { get; set; } = "work";

    [Parameter]
    public SwitchParameter Attribution { get; set; }

    [Parameter]
    public string? TermsUrl { get; set; }

    [Parameter]
    public string? TermsSha256 { get; set; }

    [Parameter]
    public SecureString? Passphrase { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var text in Work)
        {
            if (TryParseWork(text, out var work) && !_works.Contains(work)) _works.Add(work);
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == ByWork && _works.Count == 0) return;
        var uses = ParseUses(Use);
        var file = FindKeyFile(Identity);
        var store = ConnectedStore();
        var projection = Licenses(store);
        Identity.IdentityId? licensee = null;
        if (Licensee != LicenseGranted.Everything)
        {
            if (!Resolve.TryIdentity(Licensee, projection, out var id))
                ThrowArgumentError(ErrorIds.InvalidLicensee, $"'{Licensee}' is neither a known identity nor a did:key (use '*' for anyone).", Licensee);
            licensee = id;
        }
        var window = ParseWindow(From, Until, "license");
        var territories = Guard(() => TermsRules.Territories(Territory), Territory);
        var terms = Guard(() => TermsRules.Terms(Fee, Currency, Per, Attribution, TermsUrl, TermsSha256));

        Identity.IdentityId? owner = Owner is null ? null : ResolveIdentity(Owner, projection);
        if (owner == file.Identity) owner = null;
        var license = new LicenseGranted(AllWorks ? null : _works.ToArray(), owner, licensee, uses, Commercial, window, territories, terms);
        var what = AllWorks ? "every work" : $"{_works.Count} work(s)";
        var whose = owner is { } o ? $"{Resolve.NameOf(o, projection) ?? o.Value} (as their agent, {file.Name})" : file.Name;
        if (!ShouldProcess($"{what} of {whose} to {Licensee} for {string.Join(", ", Use)}", "Grant license")) return;
        using var key = Unlock(file, Passphrase);
        var grant = Guard(() => Run(new Creator(store, file.Identity, key, Clock, LedgerSession.Address.ProjectionFile).GrantAsync(license)));
        WriteObject(Views.ToGrant(grant, projection, Now));
    }
}
