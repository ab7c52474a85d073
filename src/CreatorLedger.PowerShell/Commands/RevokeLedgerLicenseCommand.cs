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

    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string Identity { get; set; } = "";

    /// <summary>When the revocation takes effect; default now. Never in the past.</summary>
    [Parameter]
    public DateTime? Effective { get; set; }

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
        var effective = Effective is { } e ? LedgerTime.From(new DateTimeOffset(e.ToUniversalTime())) : (LedgerTime?)null;
        if (!ShouldProcess($"grant {grantId}{(effective is null ? "" : $" from {effective}")}", "Revoke license")) return;
        _signer ??= new KeyFileAndKey(this, FindKeyFile(Identity), Passphrase);
        try
        {
            var store = ConnectedStore();
            var revocation = Run(new Creator(store, _signer.File.Identity, _signer.Key, null, LedgerSession.ProjectionFileFor(store)).RevokeAsync(grantId, effective, Reason));
            WriteObject(Views.ToRevocation(revocation));
        }
        catch (LicensingException ex)
        {
            WriteError(ToErrorRecord(ex, Grant));
        }
        catch (Exception other) when (other is Ledger.AuthorException or Ledger.EventRejectedException or Ledger.WrongExpectedRevisionException or Ledger.LedgerStoreException)
        {
            ThrowTerminatingError(ToErrorRecord(other, null));
        }
    }

    protected override void EndProcessing() => _signer?.Key.Dispose();

    private sealed class KeyFileAndKey(LedgerCmdlet cmdlet, Identity.KeyFile file, SecureString? passphrase)
    {
        public Identity.KeyFile File { get; } = file;
        public Identity.SigningKey Key { get; } = cmdlet.Unlock(file, passphrase);
    }
}
