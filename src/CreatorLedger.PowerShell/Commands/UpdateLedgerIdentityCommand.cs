using System.Management.Automation;
using System.Security;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsData.Update, "LedgerIdentity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(LedgerIdentity))]
public sealed class UpdateLedgerIdentityCommand : LedgerCmdlet
{
    /// <summary>The identity (a local key file); may be left out when this machine has one identity.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Identity { get; set; }

    /// <summary>Replace the identity's signing key with a fresh one (KeyRotated, signed by the current key).</summary>
    [Parameter(Mandatory = true)]
    public SwitchParameter RotateKey { get; set; }

    [Parameter]
    public SecureString? Passphrase { get; set; }

    protected override void ProcessRecord()
    {
        var file = FindKeyFile(Identity);
        var store = ConnectedStore();
        if (!ShouldProcess($"{file.Name} ({file.Identity})", "Rotate signing key")) return;
        var passphrase = ReadPassphrase(Passphrase, $"Passphrase for {file.Name}");
        try
        {
            SigningKey current;
            try { current = file.Open(passphrase, KeyRing.Default.PathOf(file.Identity)); }
            catch (KeyFileException e) { ThrowTerminatingError(ErrorRecords.KeyFile(e)); throw; }
            using (current)
            using (var next = SigningKey.Generate())
            {
                // Seal first: if that fails nothing is on the ledger; the file is replaced only once the rotation is.
                var sealedNext = KeyFile.Seal(file.Name, file.Identity, next, passphrase, file.KdfCost);
                var signed = Guard(() => Run(new Author(store, file.Identity, current, Clock).AppendAsync(new KeyRotated(next.Id).ToDraft())));
                var path = KeyRing.Default.Replace(sealedNext);
                var projection = Licenses(store);
                var record = projection.FindIdentity(file.Identity);
                WriteObject(new LedgerIdentity
                {
                    Name = file.Name, Did = file.Identity.Value, Role = record?.Role ?? "", Key = next.Id.Value, Contact = record?.Contact,
                    HasKeyFile = true, KeyFile = path, Created = record?.Created.Value, Seq = signed.Seq,
                });
            }
        }
        finally
        {
            Array.Clear(passphrase);
        }
    }
}
