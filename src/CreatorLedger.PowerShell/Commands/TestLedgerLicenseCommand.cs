using System.Management.Automation;
using CreatorLedger.Datasets;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Licensing;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsDiagnostic.Test, "LedgerLicense", DefaultParameterSetName = ByPath)]
[OutputType(typeof(ConsentDecision), typeof(ConsentSummary))]
public sealed class TestLedgerLicenseCommand : DatasetCmdlet
{
    private readonly Dictionary<(string? Source, string Decision, string Reason), long> _counts = [];
    private DecisionViews? _views;

    /// <summary>Who will use the works: an identity name or a did:key.</summary>
    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string Licensee { get; set; } = "";

    /// <summary>Write counts by decision and reason instead of one object per input.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    protected override IdentityId ResolveLicensee(LicenseView projection) => LicenseeOf(Licensee, projection);

    protected override void OnDecided(DatasetDecision decision)
    {
        // Counted per shard or Parquet file; loose files and digests together.
        var key = (decision.Location is { IsFile: false } l ? l.Path : null, decision.Outcome, decision.Reason);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
        if (!Summary) WriteObject((_views ??= new DecisionViews(View, Accepted)).ToOutput(decision));
    }

    protected override void EndProcessing()
    {
        base.EndProcessing();
        if (!Summary) return;
        foreach (var ((source, decision, reason), count) in _counts.OrderBy(c => c.Key.Source, StringComparer.Ordinal)
                     .ThenBy(c => c.Key.Decision, StringComparer.Ordinal).ThenBy(c => c.Key.Reason, StringComparer.Ordinal))
            WriteObject(new ConsentSummary { Source = source, Decision = decision, Reason = reason, Count = count });
    }
}
