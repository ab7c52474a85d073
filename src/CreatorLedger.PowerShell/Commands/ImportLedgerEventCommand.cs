using System.Management.Automation;
using CreatorLedger.Ledger;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsData.Import, "LedgerEvent", SupportsShouldProcess = true)]
[OutputType(typeof(ImportResult))]
public sealed class ImportLedgerEventCommand : LedgerCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    protected override void ProcessRecord()
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        if (!File.Exists(path))
            ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find the events file '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
        var store = ConnectedStore();
        if (!ShouldProcess($"{path} into {store.Description}", "Import events")) return;
        long lines;
        try
        {
            // Counted first, for the progress bar; the import then reads the file as it verifies it.
            using var input = File.OpenRead(path);
            lines = JsonLines.Count(input);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.FileUnreadable, ErrorCategory.ReadError, path));
            return;
        }
        // Signed checkpoints come in a file of their own beside the events (Export-LedgerEvent writes it); each is verified,
        // and checked against those this store verified before anything is written.
        var sidecar = CheckpointNotesFile.PathFor(path);
        var served = File.Exists(sidecar) ? Guard(() => CheckpointNotesFile.Read(sidecar), sidecar) : [];
        Guard(() => { Run(CheckpointMirror.CheckAsync(served, store, null, path, EvidenceFolder, Clock)); return 0; }, path);
        try
        {
            using var input = File.OpenRead(path);
            var outcome = RunWithProgress(p => LedgerImport.ImportAsync(store, JsonLines.Read(input), Clock, p), "Import-LedgerEvent", "Verifying events", lines);
            var notes = Guard(() => Run(CheckpointMirror.CopyAsync(served, store)), sidecar);
            WriteObject(new ImportResult
            {
                Path = path, Read = outcome.Read, Imported = outcome.Imported, AlreadyPresent = outcome.AlreadyPresent, Checkpoint = outcome.Head.ToString(),
                SignedCheckpoints = notes,
            });
        }
        catch (EventRejectedException e)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidDataException($"'{path}' was not imported; nothing was written. {e.Message}", e),
                ErrorIds.InvalidEventFile, ErrorCategory.InvalidData, path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(
                new IOException($"'{path}' could not be read to its end, so it was not imported; nothing was written. {e.Message}", e),
                ErrorIds.FileUnreadable, ErrorCategory.ReadError, path));
        }
        catch (Exception e) when (e is WrongExpectedRevisionException or LedgerStoreException)
        {
            ThrowTerminatingError(ErrorRecords.From(e, path));
        }
    }
}
