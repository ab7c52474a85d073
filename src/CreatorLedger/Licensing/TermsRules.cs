using System.Globalization;
using CreatorLedger.Events;

namespace CreatorLedger.Licensing;

/// <summary>
/// The rules a grant's and a mandate's terms follow, for whoever writes one (a cmdlet, a service, a notebook): a fee is
/// a non-negative decimal amount in an ISO 4217 currency, per work, run or year, and a currency goes only with a fee;
/// the full licence text's digest is 64 lowercase hex digits; territories are ISO 3166-1 alpha-2 codes; a commission
/// is 0 to 100 percent. A term that breaks one is refused with <see cref="LicensingProblem.InvalidTerms"/>, naming it.
/// </summary>
public static class TermsRules
{
    public static LicenseTerms Terms(decimal? fee, string? currency, string per = "work", bool attribution = false, string? url = null, string? sha256 = null)
    {
        Fee? charged = null;
        if (fee is { } amount)
        {
            if (amount < 0 || !Fee.IsAmount(amount.ToString(CultureInfo.InvariantCulture)))
                throw Invalid($"A fee must be a non-negative amount with at most 9 decimals, not {amount}.");
            if (currency is null || !Fee.IsCurrency(currency)) throw Invalid("A fee needs a currency: an ISO 4217 code such as EUR.");
            if (!Fee.Pers.Contains(per)) throw Invalid($"A fee is per {string.Join(", ", Fee.Pers)}, not per '{per}'.");
            charged = new Fee(amount, currency, per);
        }
        else if (currency is not null) throw Invalid("A currency goes with a fee: give the fee too.");
        if (sha256 is not null && !Hex64.IsLowercaseHex(sha256, 64)) throw Invalid("The licence text's SHA-256 must be 64 lowercase hex digits.");
        return new LicenseTerms(charged, attribution, url, sha256);
    }

    /// <summary>The territories of a grant or a request: ISO 3166-1 alpha-2 codes (null: everywhere).</summary>
    public static IReadOnlyList<string>? Territories(IReadOnlyList<string>? codes)
    {
        foreach (var code in codes ?? [])
            if (!LicenseGranted.IsTerritory(code)) throw Invalid($"'{code}' is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. DE).");
        return codes;
    }

    /// <summary>An agent's commission: 0 to 100 percent, with at most 9 decimals.</summary>
    public static decimal Commission(decimal percent) =>
        percent is < 0 or > 100 || decimal.Round(percent, 9) != percent
            ? throw Invalid($"A commission is from 0 to 100 percent, not {percent}.")
            : percent;

    private static LicensingException Invalid(string message) => new(LicensingProblem.InvalidTerms, message);
}
