using System.Management.Automation;
using System.Security;
using CreatorLedger.Events;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

/// <summary>A creator lets an agent (a collecting society) grant licenses on their works: scoped, time-bound, revocable, for a commission.</summary>
[Cmdlet(VerbsSecurity.Grant, "LedgerMandate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByWork)]
[OutputType(typeof(Mandate))]
public sealed class GrantLedgerMandateCommand : LedgerCmdlet
{
    private const string ByWork = nameof(ByWork);
    private const string AllWorksSet = nameof(AllWorksSet);
    private readonly List<WorkId> _works = [];

    /// <summary>The agent: an identity name or did:key on this ledger.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string Agent { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = ByWork, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Digest")]
    public string[] Work { get; set; } = [];

    /// <summary>Every work the creator holds when the agent grants ("*"), including later ones.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllWorksSet)]
    public SwitchParameter AllWorks { get; set; }

    /// <summary>The creator giving the mandate (a local key); may be left out when this machine has one identity.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Identity { get; set; }

    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(UseCompleter))]
    public string[] Use { get; set; } = [];

    [Parameter]
    [LedgerDate]
    public DateTimeOffset? From { get; set; }

    [Parameter]
    [LedgerDate]
    public DateTimeOffset? Until { get; set; }

    /// <summary>The agent's commission on payouts, in percent (0 to 100).</summary>
    [Parameter(Mandatory = true)]
    public decimal CommissionPercent { get; set; }

    [Parameter]
    public SecureString? Passphrase { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var text in Work)
            if (TryParseWork(text, out var work) && !_works.Contains(work)) _works.Add(work);
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == ByWork && _works.Count == 0) return;
        var uses = ParseUses(Use);
        Guard(() => TermsRules.Commission(CommissionPercent), CommissionPercent);
        var window = ParseWindow(From, Until, "mandate");
        var file = FindKeyFile(Identity);
        var store = ConnectedStore();
        var projection = Licenses(store);
        if (!Resolve.TryIdentity(Agent, projection, out var agent) || projection.FindIdentity(agent) is null)
            ThrowTerminatingError(new ErrorRecord(new ItemNotFoundException($"The agent '{Agent}' has no identity on this ledger."), ErrorIds.AgentNotFound, ErrorCategory.ObjectNotFound, Agent));
        var mandate = new MandateGranted(agent, AllWorks ? null : _works.ToArray(), uses, window, CommissionPercent);
        var what = AllWorks ? "every work" : $"{_works.Count} work(s)";
        if (!ShouldProcess($"{what} of {file.Name} to {Agent} for {string.Join(", ", Use)} at {CommissionPercent}% commission", "Grant mandate")) return;
        using var key = Unlock(file, Passphrase);
        var granted = Guard(() => Run(new Creator(store, file.Identity, key, Clock, LedgerSession.Address.ProjectionFile).GrantMandateAsync(mandate)));
        WriteObject(Views.ToMandate(granted, projection, Now));
    }
}
