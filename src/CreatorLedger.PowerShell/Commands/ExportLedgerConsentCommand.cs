using System.Management.Automation;
using System.Security.Cryptography;
using CreatorLedger.Datasets;
using CreatorLedger.Identity;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsData.Export, "LedgerConsent", SupportsShouldProcess = true)]
[OutputType(typeof(ConsentIndexFile))]
public sealed class ExportLedgerConsentCommand : ConsentRequestCmdlet, IDisposable
{
    // Ctrl+C (StopProcessing) stops the writer between row groups.
    private readonly CancellationTokenSource _stop = new();

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string OutFile { get; set; } = "";

    /// <summary>Who would use the works: an identity name or a did:key.</summary>
    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string Licensee { get; set; } = "";

    [Parameter]
    public ConsentIndexFormat Format { get; set; } = ConsentIndexFormat.Parquet;

    /// <summary>Overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose()
    {
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void EndProcessing()
    {
        var path = OutputPath(OutFile, Force);
        var screening = ScreeningListsInput.Load(this, Blocklist);
        foreach (var list in screening?.Lists ?? [])
            if (list.Kinds.Any(k => k != Datasets.Screening.HashKind.Sha256))
                WriteWarning($"The list '{list.Name}' has hashes other than SHA-256, which only a sample's bytes can be matched by: the index is screened by its SHA-256 hashes " +
                    "(each work's digest) only. Screen the samples themselves with Test-LedgerLicense -Blocklist.");
        var (point, request) = ChooseRequest(view => LicenseeOf(Licensee, view));
        var index = new ConsentIndex(point.View, request, screening);
        if (!ShouldProcess(path, $"Write the consent index of {index.Count} works for {request.Licensee} ({request.Use.Name}) at {index.CheckpointText} as {Format}")) return;
        var summary = Write(index, path);
        WriteObject(new ConsentIndexFile
        {
            Path = path, Format = Format.ToString(), Rows = summary.Rows, Licensed = summary.Licensed, NotLicensed = summary.NotLicensed, Disputed = summary.Disputed,
            Prohibited = summary.Prohibited,
            Licensee = request.Licensee.Value, Use = request.Use.Name, Commercial = request.Commercial, Territory = request.Territory,
            EvaluatedAt = point.View.EvaluatedAt.Value, Checkpoint = index.CheckpointText, Witnessed = point.Accepted is not null,
            WitnessedAt = point.Accepted?.WitnessedAt, Sha256 = Sha256Of(path),
        });
    }

    /// <summary>Writes beside the target, flushed to disk, then moves it into place: a failed or stopped export never leaves half an index under the name.</summary>
    private ConsentIndexSummary Write(ConsentIndex index, string path)
    {
        var temporary = path + ".partial";
        var counter = new ProgressLoop.Counter();
        var writing = Task.Run(async () =>
        {
            await using var output = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            var summary = await index.WriteAsync(output, Format, counter, _stop.Token).ConfigureAwait(false);
            output.Flush(flushToDisk: true);
            return summary;
        });
        try
        {
            var summary = ProgressLoop.Wait(this, writing, new ProgressRecord(2, MyInvocation.MyCommand.Name, $"Writing the consent index of {index.Count} works"),
                () => ($"{counter.Done} of {index.Count} works", (int)(counter.Done * 100 / Math.Max(1, index.Count))));
            File.Move(temporary, path, overwrite: true);
            return summary;
        }
        catch
        {
            // Stopped while writing (the progress loop was interrupted): let the writer see the stop and close the file first.
            _stop.Cancel();
            try { writing.Wait(); }
            catch (AggregateException) { }
            File.Delete(temporary);
            throw;
        }
    }

    private static string Sha256Of(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
