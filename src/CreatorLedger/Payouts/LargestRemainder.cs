using System.Numerics;

namespace CreatorLedger.Payouts;

/// <summary>
/// Rounds shares of an amount to whole minor units so that they sum exactly to the amount: every share gets the
/// whole units of its exact value, and the units left over go one each to the shares with the largest remainders
/// (ties: the lowest tie-break key, ordinally). Exact: integers and decimals only, never floating point.
/// </summary>
public static class LargestRemainder
{
    /// <summary>Splits <paramref name="total"/> units in proportion to <paramref name="weights"/> (which must not all be zero).</summary>
    public static long[] Split(long total, IReadOnlyList<BigInteger> weights, IReadOnlyList<string> tieBreak)
    {
        if (total < 0) throw new ArgumentOutOfRangeException(nameof(total), "A pool cannot be negative.");
        var sum = weights.Aggregate(BigInteger.Zero, (a, w) => a + (w.Sign < 0 ? throw new ArgumentException("Weights cannot be negative.", nameof(weights)) : w));
        if (sum.IsZero) throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        var floors = new long[weights.Count];
        var remainders = new BigInteger[weights.Count];
        for (int i = 0; i < weights.Count; i++)
        {
            var share = BigInteger.DivRem(total * weights[i], sum, out remainders[i]);
            floors[i] = (long)share;
        }
        // Remainders compare as fractions of the same denominator (sum): compare numerators.
        return Distribute(floors, total, (a, b) => remainders[b].CompareTo(remainders[a]), tieBreak);
    }

    /// <summary>Rounds exact amounts in units (with fractions) to whole units summing to <paramref name="total"/>, which must be within one unit per share of their sum.</summary>
    public static long[] Round(IReadOnlyList<decimal> exactUnits, long total, IReadOnlyList<string> tieBreak)
    {
        var floors = new long[exactUnits.Count];
        var remainders = new decimal[exactUnits.Count];
        for (int i = 0; i < exactUnits.Count; i++)
        {
            if (exactUnits[i] < 0) throw new ArgumentException("Amounts cannot be negative.", nameof(exactUnits));
            var floor = decimal.Floor(exactUnits[i]);
            floors[i] = (long)floor;
            remainders[i] = exactUnits[i] - floor;
        }
        return Distribute(floors, total, (a, b) => remainders[b].CompareTo(remainders[a]), tieBreak);
    }

    private static long[] Distribute(long[] floors, long total, Comparison<int> byRemainder, IReadOnlyList<string> tieBreak)
    {
        long left = total - floors.Sum();
        if (left < 0 || left > floors.Length)
            throw new InvalidOperationException($"Cannot distribute {left} leftover unit(s) over {floors.Length} share(s).");
        var order = Enumerable.Range(0, floors.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = byRemainder(a, b);
            return c != 0 ? c : string.CompareOrdinal(tieBreak[a], tieBreak[b]);
        });
        for (int i = 0; i < left; i++) floors[order[i]]++;
        return floors;
    }
}
