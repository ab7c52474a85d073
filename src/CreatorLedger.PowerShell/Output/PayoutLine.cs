namespace CreatorLedger;

/// <summary>
/// One line of a payout statement, as the core's statement file has it (<c>CreatorLedger.Payouts.StatementRow</c>, whose
/// columns these properties follow, in order): Export-Csv of the same ledger and checkpoint gives the same bytes everywhere.
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
}
