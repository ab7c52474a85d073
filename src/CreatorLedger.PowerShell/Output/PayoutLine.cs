namespace CreatorLedger;

/// <summary>
/// One line of a payout statement. Every value is text written the same way on every machine (amounts with the
/// currency's minor digits, lists joined by spaces), so that Export-Csv of the same ledger and checkpoint gives the
/// same bytes everywhere.
/// </summary>
public sealed class PayoutLine
{
    public string Period { get; init; } = "";
    public string Currency { get; init; } = "";
    public string Checkpoint { get; init; } = "";
    public string Rule { get; init; } = "";
    public string Society { get; init; } = "";
    public string Owner { get; init; } = "";
    public string OwnerName { get; init; } = "";
    public string Mandate { get; init; } = "";
    public string CommissionPercent { get; init; } = "";
    public string Gross { get; init; } = "";
    public string Commission { get; init; } = "";
    public string Net { get; init; } = "";
    public string Works { get; init; } = "";
    public string Grants { get; init; } = "";
    public string UsageReports { get; init; } = "";

    /// <summary>The column names, in order, as Export-Csv writes them.</summary>
    internal static readonly string[] Columns =
        [nameof(Period), nameof(Currency), nameof(Checkpoint), nameof(Rule), nameof(Society), nameof(Owner), nameof(OwnerName), nameof(Mandate),
         nameof(CommissionPercent), nameof(Gross), nameof(Commission), nameof(Net), nameof(Works), nameof(Grants), nameof(UsageReports)];

    internal string[] Values =>
        [Period, Currency, Checkpoint, Rule, Society, Owner, OwnerName, Mandate, CommissionPercent, Gross, Commission, Net, Works, Grants, UsageReports];
}
