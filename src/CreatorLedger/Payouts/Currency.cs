namespace CreatorLedger.Payouts;

/// <summary>
/// An ISO 4217 currency and its minor unit (the digits after the decimal point money is paid in): 2 for EUR, 0 for
/// JPY, 3 for KWD. Only codes in use are known; a payout in an unknown code is refused rather than guessed.
/// </summary>
public sealed record Currency(string Code, int MinorDigits)
{
    private static readonly Dictionary<string, int> Known = Build();

    /// <summary>The amount of one minor unit (0.01 for EUR).</summary>
    public decimal MinorUnit => MinorDigits == 0 ? 1m : 1m / Pow10(MinorDigits);

    public static bool TryFind(string code, out Currency currency)
    {
        currency = null!;
        if (!Known.TryGetValue(code, out var digits)) return false;
        currency = new Currency(code, digits);
        return true;
    }

    /// <summary>Formats an amount with exactly the currency's minor digits, invariantly ("12.30", "7", "1.250").</summary>
    public string Format(decimal amount) => amount.ToString("F" + MinorDigits, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Minor units of an amount that must have no more digits than the currency allows.</summary>
    public bool TryToUnits(decimal amount, out long units)
    {
        var scaled = amount * Pow10(MinorDigits);
        units = 0;
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue || scaled < long.MinValue) return false;
        units = (long)scaled;
        return true;
    }

    public decimal FromUnits(long units) => units / Pow10(MinorDigits);

    internal static decimal Pow10(int digits)
    {
        decimal p = 1m;
        for (int i = 0; i < digits; i++) p *= 10m;
        return p;
    }

    public override string ToString() => Code;

    private static Dictionary<string, int> Build()
    {
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        const string two = "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW " +
            "CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR " +
            "JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK " +
            "NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP " +
            "TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG";
        foreach (var code in two.Split(' ')) known[code] = 2;
        foreach (var code in "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".Split(' ')) known[code] = 0;
        foreach (var code in "BHD IQD JOD KWD LYD OMR TND".Split(' ')) known[code] = 3;
        foreach (var code in "CLF UYW".Split(' ')) known[code] = 4;
        return known;
    }
}
