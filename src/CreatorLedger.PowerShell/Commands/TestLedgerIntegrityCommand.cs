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
        var counter = new ProgressLoop.Counter();
        long total = 0;
        Task<Ledger.IntegrityReport> verifying;
        if (Path is not null)
        {
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            if (!File.Exists(path))
                ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
            verifying = Task.Run(() => LedgerVerifier.VerifyAsync(InLedgerOrder(StoreOpener.ReadJsonLines(path)), counter));
        }
        else
        {
            var store = ConnectedStore();
            total = Guard(() => Run(store.HeadAsync())).Size;
            verifying = Task.Run(() => LedgerVerifier.VerifyAsync(store, counter));
        }
        var report = Guard(() => ProgressLoop.Wait(this, verifying, new ProgressRecord(1, "Test-LedgerIntegrity", "Verifying signatures and chains"),
            () => total == 0 ? ($"{counter.Done} events", -1) : ($"{counter.Done} of {total} events", (int)(counter.Done * 100 / total))));
        var problems = report.Problems.Select(p => new IntegrityProblem
        {
            Position = p.Position, EventId = p.EventId?.Hex, Stream = p.Stream?.Value, Seq = p.Seq, Code = p.Code, Message = p.Message,
        }).ToList();
        foreach (var p in problems) WriteWarning(p.ToString());
        WriteObject(new IntegrityReport
        {
            Valid = problems.Count == 0, Events = report.Events, Streams = report.Streams, Checkpoint = report.Checkpoint.ToString(), Problems = [.. problems],
        });
    }

    /// <summary>A file's events numbered as the ledger they make (blank lines take no position).</summary>
    private static async IAsyncEnumerable<StoredEnvelope> InLedgerOrder(IAsyncEnumerable<StoredEnvelope> lines)
    {
        long position = 0;
        await foreach (var line in lines) yield return line with { Position = ++position };
    }
}
