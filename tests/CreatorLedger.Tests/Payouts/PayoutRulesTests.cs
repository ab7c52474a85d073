using System.Numerics;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Payouts;
using CreatorLedger.Tests.Licensing;
using Xunit;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Payouts;

/// <summary>
/// Payouts computed by hand and by the rules (issue 4): fees per work, per run and per year; pools equal and weighted;
/// the society's commission on mandated owners only; largest-remainder rounding in currencies with 0, 2 and 3 minor digits.
/// </summary>
public sealed class PayoutRulesTests
{
    private static readonly WorkId A1 = Work("a1"), A2 = Work("a2"), B1 = Work("b1");
    private static readonly Currency Eur = Find("EUR"), Jpy = Find("JPY"), Kwd = Find("KWD");

    private static Currency Find(string code) => Currency.TryFind(code, out var c) ? c : throw new InvalidOperationException(code);

    /// <summary>Alice (A1, A2; mandated Sofia at 10 %) and Bob (B1, no mandate) license Dana; Dana reports one run in January.</summary>
    private static LedgerScenario Ledger(Fee aliceFee, Fee bobFee, bool mandate = true)
    {
        var s = new LedgerScenario();
        s.Register(s.Alice, A1, Day(2));
        s.Register(s.Alice, A2, Day(2));
        s.Register(s.Bob, B1, Day(2));
        if (mandate) s.Mandate(s.Alice, s.Society, Day(2), commission: 10m);
        s.Add(s.Alice, new LicenseGranted(null, null, s.Dana.Id, [Use.AiTrain], false, new Window(Day(3)), null, new LicenseTerms(aliceFee, false)).ToDraft(), Day(3));
        s.Add(s.Bob, new LicenseGranted([B1], null, s.Dana.Id, [Use.AiTrain], false, new Window(Day(3)), null, new LicenseTerms(bobFee, false)).ToDraft(), Day(3));
        Report(s, s.Dana, Day(10), "2026-01", [A1, A2, B1]);
        return s;
    }

    private static SignedEvent Report(LedgerScenario s, SigningKey developer, LedgerTime at, string period, WorkId[] works, Use? use = null)
    {
        var checkpoint = MerkleTree.CheckpointOf(s.Events.Select(e => e.Id));
        return s.Add(developer, new UsageReported("run-" + at, new string('a', 64), works, period, [use ?? Use.AiTrainGenerative], checkpoint, at).ToDraft(), at);
    }

    private static PayoutStatement Compute(LedgerScenario s, PayoutRequest request) =>
        PayoutRules.Compute(LicenseProjection.From(s.Events), MerkleTree.CheckpointOf(s.Events.Select(e => e.Id)), request);

    private static PayoutLine LineOf(PayoutStatement statement, SigningKey owner) => statement.Lines.Single(l => l.Owner == owner.Id);

    [Fact]
    public void Fees_PerWorkAndPerRun_WithCommissionOnTheMandatedOwnerOnly()
    {
        var s = Ledger(new Fee(0.05m, "EUR", "work"), new Fee(1.00m, "EUR", "run"));
        var statement = Compute(s, new PayoutRequest("2026-01", Eur, PayoutRule.Fees, Society: s.Society.Id));

        var alice = LineOf(statement, s.Alice);
        Assert.Equal((0.10m, 0.01m, 0.09m, 10m), (alice.Gross, alice.Commission, alice.Net, alice.CommissionPercent));
        Assert.Equal(new[] { A1, A2 }.OrderBy(w => w.Value, StringComparer.Ordinal), alice.Works);
        Assert.NotNull(alice.Mandate);
        var bob = LineOf(statement, s.Bob);
        Assert.Equal((1.00m, 0m, 1.00m, 0m), (bob.Gross, bob.Commission, bob.Net, bob.CommissionPercent));
        Assert.Null(bob.Mandate);
        Assert.Equal(1.10m, statement.Total);
        Assert.All(statement.Lines, l => Assert.Single(l.UsageReports));
        Assert.All(statement.Lines, l => Assert.Single(l.Grants));
    }

    [Fact]
    public void Fees_PerRun_IsChargedOncePerReport_AndPerYear_OnlyInTheFirstMonthOfUse()
    {
        var s = Ledger(new Fee(12m, "EUR", "year"), new Fee(1.00m, "EUR", "run"));
        Report(s, s.Dana, Day(40), "2026-02", [A1, B1]);
        Report(s, s.Dana, Day(41), "2026-02", [B1]);

        var january = Compute(s, new PayoutRequest("2026-01", Eur, PayoutRule.Fees));
        Assert.Equal(12m, LineOf(january, s.Alice).Gross);
        Assert.Equal(1m, LineOf(january, s.Bob).Gross);
        var february = Compute(s, new PayoutRequest("2026-02", Eur, PayoutRule.Fees));
        Assert.Equal(0m, LineOf(february, s.Alice).Gross);
        Assert.Equal(2m, LineOf(february, s.Bob).Gross);
        Assert.Equal(2, LineOf(february, s.Bob).UsageReports.Count);
    }

    [Fact]
    public void Fees_InAnotherCurrency_EarnNothingInThisOne()
    {
        var s = Ledger(new Fee(0.05m, "USD", "work"), new Fee(1.00m, "EUR", "run"));
        var statement = Compute(s, new PayoutRequest("2026-01", Eur, PayoutRule.Fees));
        Assert.Equal(1.00m, statement.Total);
        Assert.Equal(0m, LineOf(statement, s.Alice).Gross);
    }

    [Fact]
    public void Fees_BelowTheMinorUnit_AreRoundedSoThatLinesSumToTheRoundedTotal()
    {
        // Alice 2 x 0.005 = 1 cent exactly, Bob 0.5 cent: 1.5 cents in all, rounded (half to even) to 2; the leftover
        // cent goes to the larger remainder, Bob's half cent.
        var s = Ledger(new Fee(0.005m, "EUR", "work"), new Fee(0.005m, "EUR", "work"));
        var statement = Compute(s, new PayoutRequest("2026-01", Eur, PayoutRule.Fees));
        Assert.Equal(0.02m, statement.Total);
        Assert.Equal(0.01m, LineOf(statement, s.Alice).Gross);
        Assert.Equal(0.01m, LineOf(statement, s.Bob).Gross);
    }

    [Fact]
    public void Pool_EqualPerWork_WithCommission_SumsExactlyToThePool()
    {
        var s = Ledger(new Fee(0.05m, "EUR", "work"), new Fee(1m, "EUR", "run"));
        var statement = Compute(s, new PayoutRequest("2026-01", Eur, PayoutRule.Pool, 100.00m, Society: s.Society.Id));
        // 10000 cents over weights 2 (Alice) and 1 (Bob): 6666 r 2 and 3333 r 1; the leftover cent goes to Alice.
        var alice = LineOf(statement, s.Alice);
        Assert.Equal((66.67m, 6.67m, 60.00m), (alice.Gross, alice.Commission, alice.Net));
        var bob = LineOf(statement, s.Bob);
        Assert.Equal((33.33m, 0m, 33.33m), (bob.Gross, bob.Commission, bob.Net));
        Assert.Equal(100.00m, statement.Total);
    }

    [Fact]
    public void Pool_Weighted_ByAWeightPerWork()
    {
        var s = Ledger(new Fee(0.05m, "EUR", "work"), new Fee(1m, "EUR", "run"));
        var weights = new Dictionary<WorkId, decimal> { [A1] = 1m, [A2] = 0m, [B1] = 3m };
        var statement = Compute(s, new PayoutRequest("2026-01", Eur, PayoutRule.Pool, 10m, weights));
        Assert.Equal(2.50m, LineOf(statement, s.Alice).Gross);
        Assert.Equal(7.50m, LineOf(statement, s.Bob).Gross);
    }

    [Fact]
    public void Pool_InACurrencyWithoutMinorUnits_GivesTheLeftoverYenByTheTieRule()
    {
        var s = new LedgerScenario();
        var owners = new[] { s.Alice, s.Bob, s.Erik };
        var works = owners.Select((o, i) => Work($"w{i}")).ToArray();
        for (int i = 0; i < 3; i++)
        {
            s.Register(owners[i], works[i], Day(2));
            s.Grant(owners[i], Day(3), [works[i]], s.Dana);
        }
        Report(s, s.Dana, Day(10), "2026-01", works);
        var statement = Compute(s, new PayoutRequest("2026-01", Jpy, PayoutRule.Pool, 1000m));
        Assert.Equal(1000m, statement.Total);
        // Equal remainders: the leftover yen goes to the lowest owner did, ordinally.
        var first = owners.Select(o => o.Id.Value).Order(StringComparer.Ordinal).First();
        Assert.All(statement.Lines, l => Assert.Equal(l.Owner.Value == first ? 334m : 333m, l.Gross));
        Assert.Equal(statement, Compute(s, new PayoutRequest("2026-01", Jpy, PayoutRule.Pool, 1000m)), new StatementComparer());
    }

    [Fact]
    public void Pool_InACurrencyWithThreeMinorDigits()
    {
        var s = Ledger(new Fee(0.05m, "KWD", "work"), new Fee(1m, "KWD", "run"));
        var statement = Compute(s, new PayoutRequest("2026-01", Kwd, PayoutRule.Pool, 1.000m));
        Assert.Equal(0.667m, LineOf(statement, s.Alice).Gross);
        Assert.Equal(0.333m, LineOf(statement, s.Bob).Gross);
        Assert.Throws<ArgumentException>(() => Compute(s, new PayoutRequest("2026-01", Kwd, PayoutRule.Pool, 1.0005m)));
        Assert.Throws<ArgumentException>(() => Compute(s, new PayoutRequest("2026-01", Kwd, PayoutRule.Pool, -1m)));
    }

    [Fact]
    public void Usage_OfAWorkNotLicensedToTheReporter_EarnsNothing_AndIsNoted()
    {
        var s = Ledger(new Fee(0.05m, "EUR", "work"), new Fee(1m, "EUR", "run"));
        Report(s, s.Erik, Day(11), "2026-01", [A1]);
        var statement = Compute(s, new PayoutRequest("2026-01", Eur, PayoutRule.Pool, 90m));
        Assert.Equal(60m, LineOf(statement, s.Alice).Gross);
        Assert.Contains(statement.Notes, n => n.Contains(A1.Value) && n.Contains("LicenseeNotCovered"));
    }

    [Fact]
    public void Payout_AtAnOlderCheckpoint_IgnoresLaterReports()
    {
        var s = Ledger(new Fee(0.05m, "EUR", "work"), new Fee(1m, "EUR", "run"));
        var checkpoint = MerkleTree.CheckpointOf(s.Events.Select(e => e.Id));
        Report(s, s.Dana, Day(12), "2026-01", [A1]);
        var then = PayoutRules.Compute(LicenseProjection.From(s.Events), checkpoint, new PayoutRequest("2026-01", Eur, PayoutRule.Fees));
        Assert.Equal(1.10m, then.Total);
        Assert.Equal(1.15m, Compute(s, new PayoutRequest("2026-01", Eur, PayoutRule.Fees)).Total);
    }

    [Fact]
    public void Split_RandomPoolsAndWeights_SumExactly_NeverNegative()
    {
        var random = new Random(20261129);
        for (int round = 0; round < 2_000; round++)
        {
            int n = random.Next(1, 30);
            var weights = Enumerable.Range(0, n).Select(_ => new BigInteger(random.Next(0, 4) == 0 ? 0 : random.Next(1, 1_000_000))).ToList();
            if (weights.All(w => w.IsZero)) weights[0] = 1;
            long pool = random.NextInt64(0, 10_000_000_000);
            var keys = Enumerable.Range(0, n).Select(i => $"k{i:D3}").ToList();
            var shares = LargestRemainder.Split(pool, weights, keys);
            Assert.Equal(pool, shares.Sum());
            Assert.All(shares, x => Assert.True(x >= 0));
            // Each share is its exact value rounded down or up by less than one unit.
            var sum = weights.Aggregate(BigInteger.Zero, (a, b) => a + b);
            for (int i = 0; i < n; i++)
            {
                var exactTimesSum = pool * weights[i];
                Assert.True(new BigInteger(shares[i]) * sum >= exactTimesSum - sum && new BigInteger(shares[i]) * sum <= exactTimesSum + sum);
            }
        }
    }

    [Fact]
    public void Pool_RandomLedgers_LinesSumToThePool_CommissionPlusNetIsGross()
    {
        var random = new Random(7);
        for (int round = 0; round < 30; round++)
        {
            var s = new LedgerScenario();
            SigningKey[] owners = [s.Alice, s.Bob, s.Erik];
            var works = new List<WorkId>();
            foreach (var owner in owners)
            {
                if (random.Next(2) == 0) s.Mandate(owner, s.Society, Day(2), commission: random.Next(0, 101) + random.Next(0, 100) / 100m);
                for (int w = 0; w < random.Next(1, 5); w++)
                {
                    var work = Work($"{round}-{owner.Id.Value[^6..]}-{w}");
                    s.Register(owner, work, Day(2));
                    works.Add(work);
                }
                s.Grant(owner, Day(3), null, s.Dana);
            }
            Report(s, s.Dana, Day(10), "2026-01", [.. works.Where(_ => random.Next(3) > 0).DefaultIfEmpty(works[0])]);
            var currency = new[] { Eur, Jpy, Kwd }[random.Next(3)];
            var pool = decimal.Round(random.Next(0, 100_000) + random.Next(0, 1000) / 1000m, currency.MinorDigits);
            var statement = Compute(s, new PayoutRequest("2026-01", currency, PayoutRule.Pool, pool, Society: s.Society.Id));
            Assert.Equal(pool, statement.Total);
            Assert.All(statement.Lines, l =>
            {
                Assert.True(l.Gross >= 0 && l.Commission >= 0 && l.Net >= 0);
                Assert.Equal(l.Gross, l.Commission + l.Net);
                Assert.True(currency.TryToUnits(l.Gross, out _) && currency.TryToUnits(l.Commission, out _));
            });
        }
    }

    private sealed class StatementComparer : IEqualityComparer<PayoutStatement>
    {
        public bool Equals(PayoutStatement? x, PayoutStatement? y) =>
            x is not null && y is not null && x.Lines.Count == y.Lines.Count
            && x.Lines.Zip(y.Lines).All(p => p.First.Owner == p.Second.Owner && p.First.Gross == p.Second.Gross && p.First.Net == p.Second.Net);

        public int GetHashCode(PayoutStatement obj) => obj.Lines.Count;
    }
}
