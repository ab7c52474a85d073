using CreatorLedger.Licensing;
using Xunit;

namespace CreatorLedger.Tests.Licensing;

/// <summary>Licence-term validation, in the core for every host.</summary>
public sealed class TermsRulesTests
{
    [Theory]
    [InlineData(1.5, null, "work", null, "needs a currency")]
    [InlineData(null, "EUR", "work", null, "goes with a fee")]
    [InlineData(-1.0, "EUR", "work", null, "non-negative")]
    [InlineData(1.0, "eur", "work", null, "needs a currency")]
    [InlineData(1.0, "EUR", "month", null, "per work, run, year")]
    [InlineData(null, null, "work", "ABC", "64 lowercase hex")]
    public void Terms_ThatBreakARule_AreRefusedAsInvalidTerms_NamingIt(double? fee, string? currency, string per, string? sha, string says)
    {
        var e = Assert.Throws<LicensingException>(() => TermsRules.Terms((decimal?)fee, currency, per, sha256: sha));
        Assert.Equal(LicensingProblem.InvalidTerms, e.Problem);
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Terms_WithAFee_KeepTheExactAmount()
    {
        var terms = TermsRules.Terms(0.000000001m, "EUR", "run", attribution: true, url: "https://creatorledger.example/terms", sha256: new string('a', 64));
        Assert.Equal((0.000000001m, "EUR", "run"), (terms.Fee!.Amount, terms.Fee.Currency, terms.Fee.Per));
        Assert.True(terms.Attribution);
        Assert.Null(TermsRules.Terms(null, null).Fee);
    }

    [Theory]
    [InlineData(-0.000000001)]
    [InlineData(100.000000001)]
    [InlineData(12.0000000001)]
    public void Commission_OutsideZeroToAHundredOrTooFine_IsRefused(double percent) =>
        Assert.Equal(LicensingProblem.InvalidTerms, Assert.Throws<LicensingException>(() => TermsRules.Commission((decimal)percent)).Problem);

    [Fact]
    public void Territories_MustBeAlpha2Codes() =>
        Assert.Contains("'de'", Assert.Throws<LicensingException>(() => TermsRules.Territories(["DE", "de"])).Message, StringComparison.Ordinal);
}
