using System.Management.Automation;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsCommon.Get, "LedgerCheckpoint")]
[OutputType(typeof(Checkpoint))]
public sealed class GetLedgerCheckpointCommand : LedgerCmdlet
{
    protected override void EndProcessing()
    {
        var store = ConnectedStore();
        WriteObject(Checkpoint.From(Guard(() => Run(store.HeadAsync()))));
    }
}
