using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Payouts;
using Xunit;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Licensing;

/// <summary>
/// Registering works in lists changes nothing but the number of signatures (DESIGN §4): for seeded random ledgers of
/// registrations, disputes, grants, revocations, withdrawals and usage, the same script written one work per event and
/// written in lists gives the same decision for every work and request, the same holdings and the same payouts.
/// </summary>
public sealed class ListRegistrationPropertyTests
{
    private static readonly Use[] Uses = [Use.AiTrain, Use.AiTrainGenerative, Use.AiInput, Use.Search];
    private static readonly Currency Eur = Currency.TryFind("EUR", out var c) ? c : throw new InvalidOperationException();
    private static readonly WorkId[] Universe = [.. Enumerable.Range(0, 30).Select(i => Work($"property work {i}"))];

    private abstract record Step(LedgerTime At);
    private sealed record Register(string Creator, int[] Works, LedgerTime At) : Step(At);
    private sealed record Withdraw(string Creator, int Work, LedgerTime At) : Step(At);
    private sealed record GrantStep(string Creator, int[]? Works, string? Licensee, Use[] Uses, bool Commercial, LedgerTime From, LedgerTime? Until, Fee Fee, LedgerTime At) : Step(At);
    private sealed record Revoke(int Grant, LedgerTime Effective, LedgerTime At) : Step(At);
    private sealed record Report(int[] Works, LedgerTime At) : Step(At);

    [Fact]
    public void Lists_DecideHoldAndPayAsOneWorkPerEvent()
    {
        int paid = 0;
        for (int seed = 1; seed <= 12; seed++) paid += Compare(seed) ? 1 : 0;
        // The ledgers are not trivial: most of them pay someone.
        Assert.True(paid >= 6, $"only {paid} of 12 random ledgers paid anything");
    }

    /// <summary>Checks one seeded ledger; true when its pool paid someone.</summary>
    private static bool Compare(int seed)
    {
        var random = new Random(seed);
        var steps = Generate(random);
        // A small envelope limit for some seeds, so that one registration becomes several lists.
        int limit = random.Next(2) == 0 ? EnvelopeLimit.MaxBytes : 1_700;
        var singles = Render(steps, lists: false, limit);
        var lists = Render(steps, lists: true, limit);
        Assert.True(lists.Ledger.Events.Count < singles.Ledger.Events.Count, "the script registers several works at once");

        var end = singles.Ledger.Events[^1].Event.At;
        var reasons = new HashSet<ConsentReason>();
        var times = Enumerable.Range(0, 6).Select(i => Start.AddMilliseconds((end.UnixMilliseconds - Start.UnixMilliseconds) * i / 5)).ToList();
        foreach (var asOf in times)
        {
            var one = ConsentView.AsOf(singles.Ledger.Events, asOf);
            var many = ConsentView.AsOf(lists.Ledger.Events, asOf);
            foreach (var work in Universe)
                foreach (var licensee in new[] { "Dana", "Erik" })
                    foreach (var use in Uses)
                        foreach (var commercial in new[] { false, true })
                        {
                            var a = one.Decide(new ConsentRequest(work, singles.Id(licensee), use, commercial));
                            var b = many.Decide(new ConsentRequest(work, lists.Id(licensee), use, commercial));
                            Assert.Equal((a.Reason, singles.Name(a.Owner)), (b.Reason, lists.Name(b.Owner)));
                            reasons.Add(a.Reason);
                        }
            Assert.Equal(Holdings(singles, one.Licenses), Holdings(lists, many.Licenses));
        }

        // The ledger is not trivial: works licensed, disputed and not registered.
        Assert.Superset(new HashSet<ConsentReason> { ConsentReason.Licensed, ConsentReason.Disputed, ConsentReason.NotRegistered }, reasons);
        foreach (var rule in new[] { PayoutRule.Fees, PayoutRule.Pool })
            Assert.Equal(Payout(singles, rule), Payout(lists, rule));
        return Payout(singles, PayoutRule.Pool).Count > 0;
    }

    /// <summary>What Get-LedgerWork lists: each held work with its holder and whether it is disputed.</summary>
    private static List<string> Holdings(Rendered r, LicenseView view) =>
        [.. view.AllClaims.Select(c => $"{c.Work} {r.Name(c.Claimant)} {view.ClaimsOf(c.Work).Count > 1}").Order(StringComparer.Ordinal)];

    private static List<string> Payout(Rendered r, PayoutRule rule)
    {
        var events = r.Ledger.Events;
        var statement = PayoutRules.Compute(LicenseProjection.From(events), MerkleTree.CheckpointOf(events.Select(e => e.Id)),
            new PayoutRequest("2026-01", Eur, rule, rule == PayoutRule.Pool ? 1_000m : null));
        return [.. statement.Lines.Select(l => $"{r.Name(l.Owner)} {string.Join(",", l.Works.Select(w => w.Value).Order(StringComparer.Ordinal))} {l.Gross} {l.Net}")
            .Order(StringComparer.Ordinal)];
    }

    private static List<Step> Generate(Random random)
    {
        var steps = new List<Step>();
        var at = Day(1, 1);
        int grants = 0;
        string[] creators = ["Alice", "Bob"];
        for (int i = 0; i < 40; i++)
        {
            at = at.AddMilliseconds(random.Next(1, 12) * 3_600_000L);
            string creator = creators[random.Next(2)];
            int kind = i < 4 ? 0 : i == 4 ? 5 : random.Next(10);
            switch (kind)
            {
                case <= 3:
                    steps.Add(new Register(creator, Pick(random, random.Next(1, 13)), at));
                    break;
                case 4:
                    steps.Add(new Withdraw(creator, random.Next(Universe.Length), at));
                    break;
                case <= 7:
                    var from = at.AddMilliseconds(random.Next(0, 3) * 86_400_000L);
                    LedgerTime? until = random.Next(3) == 0 ? from.AddMilliseconds(random.Next(1, 10) * 86_400_000L) : null;
                    // The first grant lets Dana train on all of a creator's works, so that some usage is paid for.
                    bool first = grants == 0;
                    steps.Add(new GrantStep(creator, first || random.Next(4) == 0 ? null : Pick(random, random.Next(1, 8)),
                        first ? "Dana" : random.Next(3) switch { 0 => null, 1 => "Dana", _ => "Erik" }, [first ? Use.AiTrain : Uses[random.Next(Uses.Length)]], random.Next(2) == 0,
                        from, until, new Fee(random.Next(1, 5), "EUR", random.Next(2) == 0 ? "work" : "run"), at));
                    grants++;
                    break;
                case 8 when grants > 0:
                    steps.Add(new Revoke(random.Next(grants), at.AddMilliseconds(random.Next(0, 5) * 86_400_000L), at));
                    break;
                default:
                    steps.Add(new Report(Pick(random, random.Next(1, 10)), at));
                    break;
            }
        }
        // A last run that used every work, so that there is money to split.
        steps.Add(new Report([.. Enumerable.Range(0, Universe.Length)], at.AddMilliseconds(3_600_000)));
        return steps;
    }

    private static int[] Pick(Random random, int count) => [.. Enumerable.Range(0, Universe.Length).OrderBy(_ => random.Next()).Take(count)];

    private sealed record Rendered(LedgerScenario Ledger)
    {
        public IdentityId Id(string name) => name switch
        {
            "Alice" => Ledger.Alice.Id, "Bob" => Ledger.Bob.Id, "Dana" => Ledger.Dana.Id, "Erik" => Ledger.Erik.Id,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        public string Name(IdentityId? id) =>
            id is null ? "-" : new[] { "Alice", "Bob", "Dana", "Erik" }.First(n => Id(n) == id);

        public SigningKey Key(string name) => name switch { "Alice" => Ledger.Alice, "Bob" => Ledger.Bob, "Dana" => Ledger.Dana, _ => Ledger.Erik };
    }

    private static Rendered Render(List<Step> steps, bool lists, int limit)
    {
        var r = new Rendered(new LedgerScenario());
        var s = r.Ledger;
        var grants = new List<(SignedEvent Event, string Owner)>();
        foreach (var step in steps)
        {
            switch (step)
            {
                case Register reg:
                    var works = reg.Works.Select(w => new RegisteredWork(Universe[w], $"work {w}", "text/plain", w)).ToList();
                    var drafts = lists ? WorkRegistered.Batches(works, limit).Select(b => b.ToDraft()) : works.Select(w => w.ToDraft());
                    foreach (var draft in drafts) s.Add(r.Key(reg.Creator), draft, reg.At);
                    break;
                case Withdraw w:
                    s.Withdraw(r.Key(w.Creator), Universe[w.Work], w.At);
                    break;
                case GrantStep g:
                    var license = new LicenseGranted(g.Works?.Select(i => Universe[i]).ToArray(), null, g.Licensee is null ? null : r.Id(g.Licensee), g.Uses,
                        g.Commercial, new Window(g.From, g.Until), null, new LicenseTerms(g.Fee, false));
                    grants.Add((s.Add(r.Key(g.Creator), license.ToDraft(), g.At), g.Creator));
                    break;
                case Revoke v:
                    s.Revoke(r.Key(grants[v.Grant].Owner), grants[v.Grant].Event, v.At, v.Effective);
                    break;
                case Report u:
                    var checkpoint = MerkleTree.CheckpointOf(s.Events.Select(e => e.Id));
                    s.Add(s.Dana, new UsageReported("run-" + u.At, new string('a', 64), [.. u.Works.Select(i => Universe[i])], "2026-01",
                        [Use.AiTrainGenerative], checkpoint, u.At).ToDraft(), u.At);
                    break;
            }
        }
        return r;
    }
}
