using System.Management.Automation;
using System.Security;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsCommon.New, "LedgerIdentity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(LedgerIdentity))]
public sealed class NewLedgerIdentityCommand : LedgerCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidatePattern(@"^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$")]
    public string Name { get; set; } = "";

    [Parameter]
    [ValidateSet("creator", "developer", "society", "operator")]
    public string Role { get; set; } = "creator";

    [Parameter]
    public string? Contact { get; set; }

    /// <summary>A did:key held elsewhere that may later declare this identity's key compromised.</summary>
    [Parameter]
    public string? RecoveryKey { get; set; }

    [Parameter]
    public SecureString? Passphrase { get; set; }

    protected override void EndProcessing()
    {
        var ring = KeyRing.Default;
        if (ring.HasName(Name))
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"An identity named '{Name}' already has a key file in {ring.Directory}."),
                ErrorIds.IdentityExists, ErrorCategory.ResourceExists, Name));
        IdentityId? recovery = null;
        if (RecoveryKey is not null)
        {
            if (!IdentityId.TryParse(RecoveryKey, out var r)) ThrowArgumentError(ErrorIds.InvalidKey, $"'{RecoveryKey}' is not an Ed25519 did:key.", RecoveryKey);
            recovery = r;
        }
        var store = ConnectedStore();
        if (!ShouldProcess($"{Name} ({Role}) on {store.Description}", "Create identity")) return;

        var passphrase = ReadPassphrase(Passphrase, $"New passphrase for {Name}", confirm: true);
        using var key = SigningKey.Generate();
        string path;
        try
        {
            var file = KeyFile.Seal(Name, key.Id, key, passphrase);
            path = ring.Add(file);
        }
        finally
        {
            Array.Clear(passphrase);
        }
        var created = new IdentityCreated(Name, Role, Contact, recovery);
        try
        {
            var signed = Guard(() => Run(Author.CreateIdentityAsync(store, key, created, Clock)));
            WriteObject(new LedgerIdentity
            {
                Name = Name, Did = key.Id.Value, Role = Role, Key = key.Id.Value, Contact = Contact,
                HasKeyFile = true, KeyFile = path, Created = signed.At.Value, Seq = 1,
            });
        }
        catch
        {
            // The identity never reached the ledger: do not leave a key file that names it.
            File.Delete(path);
            throw;
        }
    }
}
