using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using Xunit;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Licensing;

/// <summary>
/// Properties of the one persisted projection that answers for every cut, checked against the definition (replay
/// only the events that count) on random ledgers: claims, withdrawals, blanket and listed grants, revocations before
/// and after their effective time, and keys declared compromised.
/// </summary>
public sealed class LicenseProjectionCutTests : IDisposable
{
    private static readonly WorkId[] Works = [.. Enumerable.Range(0, 5).Select(i => Work($"w{i}"))];
    private static readonly Use[] Uses = [Use.Tdm, Use.AiTrain, Use.AiTrainGenerative, Use.Search];
    private static readonly LedgerTime[] EvaluatedAt = [Day(3), Day(12), Day(25), Day(60)];
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void AtASize_DecidesAsTheLedgerOfThatSizeAlone(int seed)
    {
        var s = RandomLedger(seed);
        var full = LicenseProjection.From(s.Events);
        for (int size = 0; size <= s.Events.Count; size++)
        {
            var prefix = LicenseProjection.From(s.Events.Take(size).ToList());
            AssertSameDecisions(s, prefix.Head, full.At(LedgerCut.AtSize(size)), $"seed {seed}, size {size}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void AsOfATime_DecidesAsTheEventsWrittenByThen(int seed)
    {
        var s = RandomLedger(seed);
        var full = LicenseProjection.From(s.Events);
        for (int day = 1; day <= 45; day += 2)
        {
            var asOf = Day(day, 12);
            var written = s.Events.Where(e => e.Event.At <= asOf).Select((e, i) => e with { Position = i + 1 }).ToList();
            var expected = LicenseProjection.From(written).Head;
            AssertSameDecisions(s, expected, full.At(LedgerCut.AsOf(asOf)), $"seed {seed}, as of {asOf}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SavedAndRead_AnswersExactlyAsBuilt(int seed)
    {
        var s = RandomLedger(seed);
        var built = LicenseProjection.From(s.Events);
        var path = _directory.File($"p{seed}.projection");
        Assert.True(LicenseProjectionFile.TryWrite(built, path));
        var read = LicenseProjectionFile.TryRead(path) ?? throw new Xunit.Sdk.XunitException("The saved projection was not read back.");
        Assert.Equal(built.Position, read.Position);
        Assert.Equal(built.LastId, read.LastId);
        Assert.Equal(built.Checkpoint, read.Checkpoint);
        foreach (var size in new[] { s.Events.Count / 3, s.Events.Count })
            AssertSameDecisions(s, built.At(LedgerCut.AtSize(size)), read.At(LedgerCut.AtSize(size)), $"seed {seed}, size {size}");
        AssertSameDecisions(s, built.At(LedgerCut.AsOf(Day(20))), read.At(LedgerCut.AsOf(Day(20))), $"seed {seed}, as of day 20");
    }

    private static void AssertSameDecisions(LedgerScenario s, LicenseView expected, LicenseView actual, string where)
    {
        Assert.Equal(expected.Identities.Select(i => (i.Id, i.CurrentKey)), actual.Identities.Select(i => (i.Id, i.CurrentKey)));
        Assert.Equal(expected.Grants.Select(Summary), actual.Grants.Select(Summary));
        foreach (var work in Works)
        {
            Assert.Equal(expected.ClaimsOf(work).Select(c => (c.Claimant, c.Seq)), actual.ClaimsOf(work).Select(c => (c.Claimant, c.Seq)));
            foreach (var licensee in new[] { s.Dana, s.Erik })
            foreach (var use in Uses)
            foreach (var at in EvaluatedAt)
            foreach (var commercial in new[] { false, true })
            {
                var request = new ConsentRequest(work, licensee.Id, use, commercial, "DE");
                var a = ConsentRules.Decide(expected, request, at);
                var b = ConsentRules.Decide(actual, request, at);
                if (a.Reason != b.Reason || a.Owner != b.Owner || !a.GrantIds.SequenceEqual(b.GrantIds))
                    Assert.Fail($"{where}: {work} for {licensee.Id} {use} at {at}: expected {a.Reason} {string.Join(",", a.GrantIds)}, got {b.Reason} {string.Join(",", b.GrantIds)}");
            }
        }
    }

    private static string Summary(CreatorLedger.Licensing.Grant g) => $"{g.Id} {g.Revocation?.Id} {g.Revocation?.Effective}";

    /// <summary>About 40 events by two creators and two developers, in a random order and at random times (each author's own times never go back).</summary>
    private static LedgerScenario RandomLedger(int seed)
    {
        var random = new Random(seed);
        var s = new LedgerScenario();
        SigningKey[] creators = [s.Alice, s.Bob];
        SigningKey[] everyone = [s.Alice, s.Bob, s.Dana, s.Erik];
        var clock = everyone.ToDictionary(k => k.Id, _ => 2 * 24);
        var seqs = everyone.ToDictionary(k => k.Id, _ => 1L);
        var grants = new List<(SigningKey Owner, SignedEvent Grant)>();
        LedgerTime Next(SigningKey author)
        {
            clock[author.Id] += random.Next(0, 40);
            seqs[author.Id]++;
            return Day(1, clock[author.Id]);
        }
        for (int step = 0; step < 40; step++)
        {
            var creator = creators[random.Next(2)];
            var work = Works[random.Next(Works.Length)];
            switch (random.Next(10))
            {
                case < 4:
                    s.Register(creator, work, Next(creator));
                    break;
                case 4:
                    s.Withdraw(creator, work, Next(creator));
                    break;
                case < 8:
                {
                    var at = Next(creator);
                    WorkId[]? works = random.Next(3) == 0 ? null : [.. Works.Where(_ => random.Next(2) == 0).DefaultIfEmpty(work)];
                    var licensee = random.Next(3) switch { 0 => null, 1 => s.Dana, _ => s.Erik };
                    var from = at.AddMilliseconds(random.Next(-3, 6) * 86_400_000L);
                    LedgerTime? until = random.Next(2) == 0 ? null : from.AddMilliseconds(random.Next(1, 20) * 86_400_000L);
                    var grant = s.Grant(creator, at, works, licensee, [Uses[random.Next(Uses.Length)]], commercial: random.Next(2) == 0,
                        from: from, until: until, territories: random.Next(3) == 0 ? ["FR"] : null);
                    grants.Add((creator, grant));
                    break;
                }
                case 8 when grants.Count > 0:
                {
                    var (owner, grant) = grants[random.Next(grants.Count)];
                    var author = random.Next(4) == 0 ? everyone[random.Next(4)] : owner;
                    var at = Next(author);
                    s.Revoke(author, grant, at, at.AddMilliseconds(random.Next(-2, 8) * 86_400_000L));
                    break;
                }
                case 9 when random.Next(3) == 0:
                {
                    // A creator rotates and declares her old key compromised from a random earlier seq: what it signed after is void.
                    var lastValid = random.Next(1, (int)seqs[creator.Id] + 1);
                    s.RotateAndCompromise(creator, lastValid, Next(creator));
                    seqs[creator.Id]++;
                    break;
                }
            }
        }
        return s;
    }
}
