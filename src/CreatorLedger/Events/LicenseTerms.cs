using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CreatorLedger.Events;

/// <summary>A fee: an exact decimal amount (written as a string, never a JSON number), an ISO 4217 currency, and what it is per.</summary>
public sealed partial record Fee(decimal Amount, string Currency, string Per)
{
    public static IReadOnlyList<string> Pers { get; } = ["work", "run", "year"];

    public static bool IsAmount(string text) => AmountPattern().IsMatch(text);

    public static bool IsCurrency(string text) => CurrencyPattern().IsMatch(text);

    public string AmountText => Amount.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => $"{AmountText} {Currency} per {Per}";

    [GeneratedRegex("^(0|[1-9][0-9]{0,17})(\\.[0-9]{1,9})?$")]
    private static partial Regex AmountPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}

/// <summary>The terms of a grant: an optional fee, whether attribution is required, and the full license text by url and digest.</summary>
public sealed record LicenseTerms(Fee? Fee, bool Attribution, string? Url = null, string? Sha256 = null)
{
    public JsonObject ToJson()
    {
        var terms = new JsonObject();
        if (Fee is not null)
            terms["fee"] = new JsonObject { ["amount"] = Fee.AmountText, ["currency"] = Fee.Currency, ["per"] = Fee.Per };
        terms["attribution"] = Attribution;
        if (Url is not null) terms["url"] = Url;
        if (Sha256 is not null) terms["sha256"] = Sha256;
        return terms;
    }

    internal static LicenseTerms Read(JsonElement terms, ref DataReader outer)
    {
        if (terms.ValueKind == JsonValueKind.Undefined) return new LicenseTerms(null, false);
        if (terms.ValueKind != JsonValueKind.Object) { outer.Fail("\"terms\" must be an object"); return new LicenseTerms(null, false); }
        var r = new DataReader(terms);
        Fee? fee = null;
        if (r.Has("fee"))
        {
            var f = new DataReader(r.Element("fee"));
            var amount = f.String("amount");
            var currency = f.String("currency");
            var per = f.String("per");
            if (!Fee.IsAmount(amount)) f.Fail("\"fee.amount\" must be a decimal string such as \"0.05\"");
            if (!Fee.IsCurrency(currency)) f.Fail("\"fee.currency\" must be an ISO 4217 code");
            if (!Fee.Pers.Contains(per)) f.Fail("\"fee.per\" must be work, run or year");
            if (f.Problem is not null) outer.Fail(f.Problem);
            else fee = new Fee(decimal.Parse(amount, CultureInfo.InvariantCulture), currency, per);
        }
        var attribution = r.Boolean("attribution", optional: true);
        var url = r.Has("url") ? r.String("url") : null;
        var sha = r.Has("sha256") ? r.String("sha256") : null;
        if (sha is not null && !Hex64.IsLowercaseHex(sha, 64)) r.Fail("\"terms.sha256\" must be 64 lowercase hex digits");
        if (r.Problem is not null) outer.Fail(r.Problem);
        return new LicenseTerms(fee, attribution, url, sha);
    }
}
