using System.Management.Automation;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsCommon.Get, "LedgerCheckpoint", DefaultParameterSetName = HeadSet)]
[OutputType(typeof(Checkpoint), ParameterSetName = [HeadSet])]
[OutputType(typeof(SignedCheckpoint), ParameterSetName = [SignedSet])]
public sealed class GetLedgerCheckpointCommand : LedgerCmdlet
{
    private const string HeadSet = "Head";
    private const string SignedSet = "Signed";

    /// <summary>The newest checkpoint the operator signed, with its cosignatures, instead of the head.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SignedSet)]
    public SwitchParameter Signed { get; set; }

    /// <summary>Every signed checkpoint, oldest first.</summary>
    [Parameter(ParameterSetName = SignedSet)]
    public SwitchParameter All { get; set; }

    protected override void EndProcessing()
    {
        var store = ConnectedStore();
        if (!Signed)
        {
            WriteObject(Checkpoint.From(Guard(() => Run(store.HeadAsync()))));
            return;
        }
        var signed = Guard(() => Run(new TransparencyLog(store).AllAsync()));
        if (signed.Count == 0)
        {
            WriteError(new System.Management.Automation.ErrorRecord(
                new ItemNotFoundException($"{store.Description} has no signed checkpoint: its operator signs one with Publish-LedgerCheckpoint."),
                nameof(TransparencyProblem.CheckpointNotSigned), ErrorCategory.ObjectNotFound, store.Description));
            return;
        }
        foreach (var checkpoint in All ? signed : [signed[^1]]) WriteObject(Views.ToSignedCheckpoint(checkpoint));
    }
}
