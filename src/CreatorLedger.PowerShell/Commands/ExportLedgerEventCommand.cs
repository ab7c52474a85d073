using System.Management.Automation;
using CreatorLedger.Ledger;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsData.Export, "LedgerEvent", SupportsShouldProcess = true)]
[OutputType(typeof(ExportResult))]
public sealed class ExportLedgerEventCommand : LedgerCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void EndProcessing()
    {
        var path = OutputPath(Path, Force);
        var store = ConnectedStore();
        var head = Guard(() => Run(store.HeadAsync()));
        if (!ShouldProcess(path, $"Export {head.Size} events")) return;
        // Write beside the target and move it into place: a failed export never leaves half a file under the name.
        var temporary = path + ".partial";
        long count;
        try
        {
            using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                // Read exactly up to the head taken above, so the file matches the checkpoint reported.
                count = Guard(() => RunWithProgress(p => JsonLines.WriteAsync(Take(store.ReadEnvelopesAsync(1), head.Size), output, p),
                    "Export-LedgerEvent", "Writing events", head.Size));
                output.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        // The signed checkpoints travel beside the events, in a file of their own: the events file stays envelopes only.
        var signed = Guard(() => Run(new TransparencyLog(store).AllAsync())).Where(c => c.Body.Size <= head.Size).ToList();
        var sidecar = CheckpointNotesFile.PathFor(path);
        if (signed.Count > 0) Files.WriteAtomically(sidecar, CheckpointNotesFile.Write(signed));
        else File.Delete(sidecar);
        WriteObject(new ExportResult
        {
            Path = path, Events = count, Checkpoint = head.ToString(), SignedCheckpoints = signed.Count, CheckpointsPath = signed.Count > 0 ? sidecar : null,
        });
    }

    private static async IAsyncEnumerable<StoredEnvelope> Take(IAsyncEnumerable<StoredEnvelope> events, long size)
    {
        await foreach (var e in events)
        {
            if (e.Position > size) yield break;
            yield return e;
        }
    }
}
