using System.Management.Automation;
using System.Security;
using CreatorLedger.Events;
using CreatorLedger.Licensing;
using CreatorLedger.Payouts;

namespace CreatorLedger.PowerShell.Commands;

/// <summary>
/// A developer reports what a training run used (UsageReported), from its signed manifest: every work the manifest
/// includes, or the ones given. Refused whole, naming the works, if any was not licensed to the developer for the
/// use at the manifest's checkpoint.
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "LedgerUsage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(UsageReport))]
public sealed class SubmitLedgerUsageCommand : LedgerCmdlet
{
    private readonly List<WorkId> _works = [];

    /// <summary>The run's training-data manifest (New-LedgerManifest).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Manifest { get; set; } = "";

    /// <summary>The calendar month of the usage, yyyy-MM (UTC).</summary>
    [Parameter(Mandatory = true)]
    public string Period { get; set; } = "";

    /// <summary>The developer: the manifest's licensee (a local key); may be left out when this machine has one identity.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Identity { get; set; }

    /// <summary>The works used; default: every work the manifest includes.</summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Digest")]
    public string[]? Work { get; set; }

    /// <summary>The uses; default: the manifest's.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(UseCompleter))]
    public string[]? Use { get; set; }

    [Parameter]
    public SecureString? Passphrase { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var text in Work ?? [])
            if (TryParseWork(text, out var work) && !_works.Contains(work)) _works.Add(work);
    }

    protected override void EndProcessing()
    {
        if (!UsageReported.IsPeriod(Period))
            ThrowArgumentError(ErrorIds.InvalidPeriod, $"'{Period}' is not a month: write it yyyy-MM, such as 2026-11.", Period);
        var uses = Use is null ? null : ParseUses(Use);
        var file = FindKeyFile(Identity);
        var store = ConnectedStore();
        var (verified, path) = OpenManifest(Manifest, store);
        var manifest = verified.Manifest!;
        var what = _works.Count > 0 ? $"{_works.Count} work(s)" : $"the {manifest.Included.Count()} work(s) of run '{manifest.Run}'";
        if (!ShouldProcess($"{what} used in {Period} by {file.Name}", "Report usage")) return;
        using var key = Unlock(file, Passphrase);
        var reporting = new UsageReporting(store, file.Identity, key, Clock, LedgerSession.Address.ProjectionFile);
        var report = Guard(() => Run(reporting.SubmitAsync(verified, Period, _works.Count > 0 ? _works : null, uses)), path);
        WriteObject(new UsageReport
        {
            ReportId = report.Id.Hex, Developer = report.Developer.Value, DeveloperName = file.Name, Run = report.Data.Run, Manifest = report.Data.Manifest,
            Period = report.Data.Period, Uses = [.. report.Data.Uses.Select(u => u.Name)], Works = [.. report.Data.Works.Select(w => w.Value)],
            Checkpoint = report.Data.Checkpoint?.ToString(),
        });
    }
}
