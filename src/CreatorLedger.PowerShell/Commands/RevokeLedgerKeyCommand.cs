using System.Management.Automation;
using System.Security;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsSecurity.Revoke, "LedgerKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(LedgerEvent))]
public sealed class RevokeLedgerKeyCommand : LedgerCmdlet
{
    /// <summary>The identity whose key is compromised (a local key file); may be left out when this machine has one identity.</summary>
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Identity { get; set; }

    /// <summary>The compromised key (a did:key the identity used before).</summary>
    [Parameter(Mandatory = true)]
    public string Key { get; set; } = "";

    /// <summary>The last seq the compromised key legitimately signed; what it signed after is void.</summary>
    [Parameter(Mandatory = true)]
    [ValidateRange(0, long.MaxValue)]
    public long LastValidSeq { get; set; }

    [Parameter]
    public SecureString? Passphrase { get; set; }

    protected override void EndProcessing()
    {
        if (!IdentityId.TryParse(Key, out var compromised))
            ThrowArgumentError(ErrorIds.InvalidKey, $"'{Key}' is not an Ed25519 did:key.", Key);
        var file = FindKeyFile(Identity);
        var store = ConnectedStore();
        if (!ShouldProcess($"{compromised} of {file.Name}: void after seq {LastValidSeq}", "Declare key compromised")) return;
        using var key = Unlock(file, Passphrase);
        var signed = Guard(() => Run(new Author(store, file.Identity, key, Clock).AppendAsync(new KeyCompromised(compromised, LastValidSeq).ToDraft())));
        var recorded = Guard(() => Run(store.FindAsync(signed.Stream, signed.Seq)));
        if (recorded is not null) WriteObject(Views.ToEvent(recorded));
    }
}
