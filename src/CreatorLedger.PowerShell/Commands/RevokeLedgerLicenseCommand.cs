using System.Management.Automation;
using System.Security;
using CreatorLedger.Events;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsSecurity.Revoke, "LedgerLicense", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Revocation))]
public sealed class RevokeLedgerLicenseCommand : LedgerCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("GrantId")]
    public string Grant { get; set; } = "";

    /// <summary>The grant's signer or owner (a local key); may be left out when this machine has one identity.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Identity { get; set; }

    /// <summary>When the revocation takes effect; default now. Never in the past.</summary>
    [Parameter]
    [LedgerDate]
    public DateTimeOffset? Effective { get; set; }

    [Parameter]
    public string Reason { get; set; } = "";

    [Parameter]
    public SecureString? Passphrase { get; set; }

    private KeyFileAndKey? _signer;

    protected override void ProcessRecord()
    {
        if (!EventId.TryParse(Grant, out var grantId))
        {
            WriteError(new ErrorRecord(new ArgumentException($"'{Grant}' is not a grant id (64 hex digits)."), ErrorIds.GrantNotFound, ErrorCategory.InvalidArgument, Grant));
            return;
        }
        var effective = Effective is { } e ? LedgerTime.From(e) : (LedgerTime?)null;
        if (!ShouldProcess($"grant {grantId}{(effective is null ? "" : $" from {effective}")}", "Revoke license")) return;
        _signer ??= new KeyFileAndKey(this, FindKeyFile(Identity), Passphrase);
        try
        {
            var store = ConnectedStore();
            var revocation = Run(new Creator(store, _signer.File.Identity, _signer.Key, Clock, LedgerSession.Address.ProjectionFile).RevokeAsync(grantId, effective, Reason));
            WriteObject(Views.ToRevocation(revocation));
        }
        catch (LicensingException ex)
        {
            WriteError(ErrorRecords.From(ex, Grant));
        }
        catch (Exception other) when (other is Ledger.AuthorException or Ledger.EventRejectedException or Ledger.WrongExpectedRevisionException or Ledger.LedgerStoreException)
        {
            ThrowTerminatingError(ErrorRecords.From(other, null));
        }
    }

    protected override void EndProcessing() => _signer?.Key.Dispose();

    private sealed class KeyFileAndKey(LedgerCmdlet cmdlet, Identity.KeyFile file, SecureString? passphrase)
    {
        public Identity.KeyFile File { get; } = file;
        public Identity.SigningKey Key { get; } = cmdlet.Unlock(file, passphrase);
    }
}
