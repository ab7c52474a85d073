using System.Management.Automation;
using CreatorLedger.Ledger;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsDiagnostic.Test, "LedgerIntegrity")]
[OutputType(typeof(IntegrityReport))]
public sealed class TestLedgerIntegrityCommand : LedgerCmdlet
{
    /// <summary>A JSON Lines file to verify instead of the connected store.</summary>
    [Parameter(Position = 0)]
    public string? Path { get; set; }

    protected override void EndProcessing()
    {
        var progress = new ProgressRecord(1, "Test-LedgerIntegrity", "Verifying signatures and chains");
        Ledger.IntegrityReport report;
        Checkpoint? stored = null;
        if (Path is not null)
        {
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            if (!File.Exists(path))
                ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
            var verifier = new LedgerVerifier();
            using var input = File.OpenRead(path);
            long position = 0;
            foreach (var (_, bytes) in JsonLines.Read(input))
            {
                verifier.Add(++position, bytes);
                if (position % 4096 == 0) { progress.StatusDescription = $"{position} events"; WriteProgress(progress); }
            }
            report = verifier.Complete();
        }
        else
        {
            var store = ConnectedStore();
            var head = Guard(() => Run(store.HeadAsync()));
            stored = Checkpoint.From(head);
            var verifier = new LedgerVerifier();
            // Raw bytes: a damaged row is reported with its position rather than stopping the check.
            var enumerator = store.ReadEnvelopesAsync(1).GetAsyncEnumerator();
            try
            {
                while (Guard(() => Run(enumerator.MoveNextAsync().AsTask())))
                {
                    var e = enumerator.Current;
                    verifier.Add(e.Position, e.Bytes, e.Recorded);
                    if (e.Position % 4096 == 0)
                    {
                        progress.StatusDescription = $"{e.Position} of {head.Size} events";
                        progress.PercentComplete = (int)(e.Position * 100 / Math.Max(1, head.Size));
                        WriteProgress(progress);
                    }
                }
            }
            finally
            {
                Run(enumerator.DisposeAsync().AsTask());
            }
            report = verifier.Complete();
        }
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);

        var problems = report.Problems.Select(p => new IntegrityProblem
        {
            Position = p.Position, EventId = p.EventId?.Hex, Stream = p.Stream?.Value, Seq = p.Seq, Code = p.Code, Message = p.Message,
        }).ToList();
        if (stored is not null && report.Checkpoint.Size == stored.Size && report.Checkpoint.Root != stored.Root)
            problems.Add(new IntegrityProblem { Code = "CheckpointMismatch", Message = $"the store's head says {stored.Text}, the events give {report.Checkpoint}" });
        foreach (var p in problems) WriteWarning(p.ToString());
        WriteObject(new IntegrityReport
        {
            Valid = problems.Count == 0, Events = report.Events, Streams = report.Streams, Checkpoint = report.Checkpoint.ToString(), Problems = [.. problems],
        });
    }
}
