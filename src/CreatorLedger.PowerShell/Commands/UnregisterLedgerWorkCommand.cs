using System.Management.Automation;
using System.Security;
using CreatorLedger.Events;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsLifecycle.Unregister, "LedgerWork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByWork)]
[OutputType(typeof(Work))]
public sealed class UnregisterLedgerWorkCommand : LedgerCmdlet
{
    private const string ByWork = nameof(ByWork);
    private const string ByPath = nameof(ByPath);
    private readonly List<(WorkId Work, string? Path)> _works = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByWork, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Digest")]
    public string[] Work { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ByPath)]
    public string[] Path { get; set; } = [];

    /// <summary>The creator withdrawing (a local key); may be left out when this machine has one identity.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Identity { get; set; }

    [Parameter]
    public SecureString? Passphrase { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByPath)
        {
            foreach (var file in PathInput.Files(this, Path, null))
            {
                var hashed = Datasets.WorkHasher.Hash(file);
                if (hashed.Problem is null) _works.Add((hashed.Work, file));
                else WriteError(new ErrorRecord(new IOException(hashed.Problem), ErrorIds.FileUnreadable, ErrorCategory.ReadError, file));
            }
            return;
        }
        foreach (var text in Work)
        {
            if (TryParseWork(text, out var work)) _works.Add((work, null));
        }
    }

    protected override void EndProcessing()
    {
        if (_works.Count == 0) return;
        var file = FindKeyFile(Identity);
        var store = ConnectedStore();
        var projection = Licenses(store);
        SecureString? passphrase = Passphrase;
        Identity.SigningKey? key = null;
        try
        {
            foreach (var (work, path) in _works)
            {
                if (!ShouldProcess($"{path ?? work.Value} (registered by {file.Name})", "Withdraw work")) continue;
                key ??= Unlock(file, passphrase);
                var creator = new Creator(store, file.Identity, key, Clock, LedgerSession.Address.ProjectionFile);
                try
                {
                    var signed = Run(creator.WithdrawAsync(work));
                    var claim = projection.ClaimsOf(work).FirstOrDefault(c => c.Claimant == file.Identity);
                    var registration = claim is null ? null : new Registrations(store).Of(claim).Work;
                    var others = projection.ClaimsOf(work).Where(c => c.Claimant != file.Identity).Select(c => c.Claimant.Value).ToArray();
                    WriteObject(new Work
                    {
                        Digest = work.Value, Title = registration?.Title ?? "", MediaType = registration?.MediaType ?? "",
                        Bytes = registration?.Bytes ?? 0, Owner = file.Identity.Value, OwnerName = file.Name, Path = path,
                        Registered = claim?.At.Value ?? signed.At.Value, Disputed = others.Length > 1, Claimants = others, EventId = signed.Id.Hex,
                    });
                }
                catch (LicensingException e)
                {
                    WriteError(ErrorRecords.From(e, work.Value));
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
