namespace CreatorLedger;

/// <summary>A count of Test-LedgerLicense decisions with one decision and reason (-Summary).</summary>
public sealed class ConsentSummary
{
    public string Decision { get; init; } = "";
    public string Reason { get; init; } = "";
    public long Count { get; init; }
}
