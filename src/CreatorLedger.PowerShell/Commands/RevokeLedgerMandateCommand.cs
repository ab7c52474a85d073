using System.Management.Automation;
using System.Security;
using CreatorLedger.Events;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

/// <summary>A creator ends a mandate now: the agent's grants made under it stand, it can make no more.</summary>
[Cmdlet(VerbsSecurity.Revoke, "LedgerMandate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ById)]
[OutputType(typeof(Mandate))]
public sealed class RevokeLedgerMandateCommand : LedgerCmdlet
{
    private const string ById = nameof(ById);
    private const string ByAgent = nameof(ByAgent);
    private readonly List<EventId> _ids = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ById, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("MandateId")]
    public string[] Mandate { get; set; } = [];

    /// <summary>Every mandate of the creator to this agent that is not revoked yet.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByAgent)]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string Agent { get; set; } = "";

    /// <summary>The creator who gave the mandate (a local key); may be left out when this machine has one identity.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Identity { get; set; }

    [Parameter]
    public SecureString? Passphrase { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var text in Mandate)
        {
            if (EventId.TryParse(text.ToLowerInvariant(), out var id)) _ids.Add(id);
            else WriteError(new ErrorRecord(new ArgumentException($"'{text}' is not a mandate id (64 hex digits)."), ErrorIds.MandateNotFound, ErrorCategory.InvalidArgument, text));
        }
    }

    protected override void EndProcessing()
    {
        var file = FindKeyFile(Identity);
        var store = ConnectedStore();
        var projection = Licenses(store);
        if (ParameterSetName == ByAgent)
        {
            var agent = ResolveIdentity(Agent, projection);
            _ids.AddRange(projection.UnrevokedMandates(file.Identity, agent).Select(m => m.Id));
            if (_ids.Count == 0)
                ThrowTerminatingError(new ErrorRecord(new ItemNotFoundException($"{file.Name} has no mandate to '{Agent}' to revoke."), ErrorIds.MandateNotFound, ErrorCategory.ObjectNotFound, Agent));
        }
        Identity.SigningKey? key = null;
        try
        {
            foreach (var id in _ids)
            {
                if (!ShouldProcess($"mandate {id} of {file.Name}", "Revoke mandate")) continue;
                key ??= Unlock(file, Passphrase);
                try
                {
                    var signed = Run(new Creator(store, file.Identity, key, Clock, LedgerSession.Address.ProjectionFile).RevokeMandateAsync(id));
                    // The mandate as read before, now revoked at the revocation's time: no second replay per mandate.
                    if (projection.Mandates.FirstOrDefault(m => m.Id == id) is { } before)
                        WriteObject(Views.ToMandate(before with { RevokedAt = signed.At }, projection, signed.At));
                }
                catch (LicensingException e)
                {
                    WriteError(ErrorRecords.From(e, id.Hex));
                }
                catch (Exception other) when (other is Ledger.AuthorException or Ledger.EventRejectedException or Ledger.WrongExpectedRevisionException or Ledger.LedgerStoreException)
                {
                    ThrowTerminatingError(ErrorRecords.From(other, null));
                }
            }
        }
        finally
        {
            key?.Dispose();
        }
    }
}
