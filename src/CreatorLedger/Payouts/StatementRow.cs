using System.Globalization;
using CreatorLedger.Identity;

namespace CreatorLedger.Payouts;

/// <summary>
/// One line of a payout statement as its file holds it: every value text, written the same way on every machine (amounts
/// with the currency's minor digits, lists joined by spaces), so that the same ledger and checkpoint give the same bytes.
/// </summary>
public sealed record StatementRow(
    string Period, string Currency, string Checkpoint, string Rule, string Society, string Owner, string OwnerName, string Mandate,
    string CommissionPercent, string Gross, string Commission, string Net, string Works, string Grants, string UsageReports)
{
    /// <summary>The columns of a statement file, in order (the record's members are in this order too).</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        nameof(Period), nameof(Currency), nameof(Checkpoint), nameof(Rule), nameof(Society), nameof(Owner), nameof(OwnerName), nameof(Mandate),
        nameof(CommissionPercent), nameof(Gross), nameof(Commission), nameof(Net), nameof(Works), nameof(Grants), nameof(UsageReports),
    ];

    public IReadOnlyList<string> Values =>
        [Period, Currency, Checkpoint, Rule, Society, Owner, OwnerName, Mandate, CommissionPercent, Gross, Commission, Net, Works, Grants, UsageReports];

    /// <summary>A computed line as its row; <paramref name="nameOf"/> gives owners' names as the ledger knows them.</summary>
    public static StatementRow Of(PayoutLine line, PayoutStatement statement, Func<IdentityId, string?> nameOf)
    {
        var currency = statement.Request.Currency;
        return new(
            statement.Request.Period, currency.Code, statement.Checkpoint.ToString(), line.Rule == PayoutRule.Pool ? "pool" : "fees",
            statement.Request.Society?.Value ?? "", line.Owner.Value, nameOf(line.Owner) ?? "", line.Mandate?.Hex ?? "",
            line.CommissionPercent.ToString(CultureInfo.InvariantCulture), currency.Format(line.Gross), currency.Format(line.Commission), currency.Format(line.Net),
            string.Join(' ', line.Works.Select(w => w.Value)), string.Join(' ', line.Grants.Select(g => g.Hex)), string.Join(' ', line.UsageReports.Select(r => r.Hex)));
    }

    internal static StatementRow FromValues(IReadOnlyList<string> v) =>
        new(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]);
}
