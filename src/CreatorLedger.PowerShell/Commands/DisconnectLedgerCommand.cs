using System.Management.Automation;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsCommunications.Disconnect, "Ledger")]
[OutputType(typeof(void))]
public sealed class DisconnectLedgerCommand : LedgerCmdlet
{
    protected override void EndProcessing() => LedgerSession.Disconnect();
}
