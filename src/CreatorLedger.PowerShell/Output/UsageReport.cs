namespace CreatorLedger;

/// <summary>A usage report on the ledger: a developer's run, the works it used, the month and the uses.</summary>
public sealed class UsageReport
{
    public string ReportId { get; init; } = "";
    public string Developer { get; init; } = "";
    public string? DeveloperName { get; init; }
    public string Run { get; init; } = "";
    public string Manifest { get; init; } = "";
    public string Period { get; init; } = "";
    public string[] Uses { get; init; } = [];
    public string[] Works { get; init; } = [];
    public string? Checkpoint { get; init; }

    public override string ToString() => ReportId;
}
