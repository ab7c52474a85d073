using System.Management.Automation;
using System.Security;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell.Commands;

/// <summary>
/// The ledger's operator signs the head as a C2SP tlog-checkpoint in a signed note (DESIGN §9); the store keeps the
/// note beside the events. The first signature fixes the ledger's origin.
/// </summary>
[Cmdlet(VerbsData.Publish, "LedgerCheckpoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SignedCheckpoint))]
public sealed class PublishLedgerCheckpointCommand : LedgerCmdlet
{
    /// <summary>The operator (a local key) whose key signs the ledger's checkpoints.</summary>
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Identity { get; set; }

    /// <summary>The log's origin line (for example ledger.society.example/creatorledger); needed the first time only.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Origin { get; set; }

    [Parameter]
    public SecureString? Passphrase { get; set; }

    protected override void EndProcessing()
    {
        var file = FindKeyFile(Identity);
        var store = ConnectedStore();
        var head = Guard(() => Run(store.HeadAsync()));
        if (!ShouldProcess($"{store.Description} at {head} as {file.Name}", "Sign checkpoint")) return;
        using var key = Unlock(file, Passphrase);
        var signed = Guard(() => Run(new TransparencyLog(store).PublishAsync(key, Origin)));
        WriteObject(Views.ToSignedCheckpoint(signed));
    }
}
