using CreatorLedger.Events;
using CreatorLedger.Licensing;
using Xunit;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Licensing;

/// <summary>Decision tables for DESIGN §6: every reason and every boundary.</summary>
public sealed class ConsentRulesTests
{
    private static readonly WorkId W = Work("w");
    private static readonly WorkId Other = Work("other");

    private static (LedgerScenario S, SignedEvent Grant) Granted(bool commercial = false, string[]? territories = null,
        Use[]? uses = null, bool anyone = false, LedgerTime? until = null)
    {
        var s = new LedgerScenario();
        s.Register(s.Alice, W, Day(2));
        var grant = s.Grant(s.Alice, Day(3), [W], anyone ? null : s.Dana, uses, commercial, Day(5), until ?? Day(10), territories);
        return (s, grant);
    }

    [Fact]
    public void Decide_UnregisteredWork_IsNotRegistered()
    {
        var s = new LedgerScenario();
        var d = s.Decide(W, s.Dana, Day(3));
        Assert.Equal(ConsentReason.NotRegistered, d.Reason);
        Assert.Equal("NotRegistered", d.Decision);
        Assert.Null(d.Owner);
    }

    [Fact]
    public void Decide_TwoClaimants_IsDisputed_UntilOneWithdraws()
    {
        var (s, _) = Granted();
        s.Register(s.Bob, W, Day(6));
        Assert.Equal(ConsentReason.Licensed, s.Decide(W, s.Dana, Day(5, 12)).Reason);
        Assert.Equal(ConsentReason.Disputed, s.Decide(W, s.Dana, Day(6)).Reason);
        s.Withdraw(s.Bob, W, Day(7));
        Assert.Equal(ConsentReason.Disputed, s.Decide(W, s.Dana, Day(6, 23)).Reason);
        var resolved = s.Decide(W, s.Dana, Day(7));
        Assert.Equal(ConsentReason.Licensed, resolved.Reason);
        Assert.Equal(s.Alice.Id, resolved.Owner);
    }

    [Fact]
    public void Decide_RegisteredWithoutGrant_IsNoGrant()
    {
        var s = new LedgerScenario();
        s.Register(s.Alice, W, Day(2));
        s.Grant(s.Alice, Day(3), [Other], s.Dana);
        var d = s.Decide(W, s.Dana, Day(4));
        Assert.Equal(ConsentReason.NoGrant, d.Reason);
        Assert.Equal("NotLicensed", d.Decision);
        Assert.Empty(d.GrantIds);
    }

    [Fact]
    public void Decide_GrantToAnotherLicensee_IsLicenseeNotCovered_AndStarCoversAnyone()
    {
        var (s, grant) = Granted();
        var d = s.Decide(W, s.Erik, Day(6));
        Assert.Equal(ConsentReason.LicenseeNotCovered, d.Reason);
        Assert.Equal([grant.Id], d.GrantIds);
        var (anyone, _) = Granted(anyone: true);
        Assert.Equal(ConsentReason.Licensed, anyone.Decide(W, anyone.Erik, Day(6)).Reason);
    }

    [Theory]
    [InlineData("ai-train", "ai-train.genai", ConsentReason.Licensed)]
    [InlineData("ai-train", "ai-train.nongen", ConsentReason.Licensed)]
    [InlineData("tdm", "search", ConsentReason.Licensed)]
    [InlineData("ai-train", "ai-train", ConsentReason.Licensed)]
    [InlineData("ai-train.genai", "ai-train", ConsentReason.UseNotCovered)]
    [InlineData("ai-train.genai", "ai-train.nongen", ConsentReason.UseNotCovered)]
    [InlineData("ai-input", "ai-train", ConsentReason.UseNotCovered)]
    [InlineData("search", "tdm", ConsentReason.UseNotCovered)]
    public void Decide_UseTree_GrantCoversItsUseAndEveryUseBelow(string granted, string requested, ConsentReason expected)
    {
        var (s, _) = Granted(uses: [Use.Parse(granted)]);
        Assert.Equal(expected, s.Decide(W, s.Dana, Day(6), Use.Parse(requested)).Reason);
    }

    [Fact]
    public void Decide_Window_IsHalfOpen()
    {
        var (s, _) = Granted();
        Assert.Equal(ConsentReason.NotYetValid, s.Decide(W, s.Dana, Day(5).AddMilliseconds(-1)).Reason);
        Assert.Equal(ConsentReason.Licensed, s.Decide(W, s.Dana, Day(5)).Reason);
        Assert.Equal(ConsentReason.Licensed, s.Decide(W, s.Dana, Day(10).AddMilliseconds(-1)).Reason);
        Assert.Equal(ConsentReason.Expired, s.Decide(W, s.Dana, Day(10)).Reason);
    }

    [Fact]
    public void Decide_Revocation_TakesEffectExactlyAtItsEffectiveTime()
    {
        var (s, grant) = Granted();
        s.Revoke(s.Alice, grant, Day(6), effective: Day(8));
        // Signed before, effective after the time asked: still licensed.
        Assert.Equal(ConsentReason.Licensed, s.Decide(W, s.Dana, Day(7)).Reason);
        Assert.Equal(ConsentReason.Licensed, s.Decide(W, s.Dana, Day(8).AddMilliseconds(-1)).Reason);
        Assert.Equal(ConsentReason.Revoked, s.Decide(W, s.Dana, Day(8)).Reason);
    }

    [Fact]
    public void Decide_RevocationEffectiveBeforeItWasSigned_TakesEffectWhenSigned()
    {
        var (s, grant) = Granted();
        s.Revoke(s.Alice, grant, Day(7), effective: Day(5));
        Assert.Equal(ConsentReason.Licensed, s.Decide(W, s.Dana, Day(6)).Reason);
        // As of a time the revocation is already written, it is still not retroactive.
        var view = ConsentView.AsOf(s.Events, Day(9));
        var request = new ConsentRequest(W, s.Dana.Id, Use.AiTrain);
        Assert.Equal(ConsentReason.Revoked, view.Decide(request).Reason);
        Assert.Equal(Day(7), view.Licenses.FindGrant(grant.Id)!.Revocation!.Effective);
    }

    [Fact]
    public void Decide_CommercialUse_NeedsACommercialGrant()
    {
        var (s, _) = Granted(commercial: false);
        Assert.Equal(ConsentReason.CommercialNotAllowed, s.Decide(W, s.Dana, Day(6), commercial: true).Reason);
        Assert.Equal(ConsentReason.Licensed, s.Decide(W, s.Dana, Day(6), commercial: false).Reason);
        var (c, _) = Granted(commercial: true);
        Assert.Equal(ConsentReason.Licensed, c.Decide(W, c.Dana, Day(6), commercial: true).Reason);
    }

    [Fact]
    public void Decide_Territories_LimitTheGrant_AndNoneMeansEverywhere()
    {
        var (s, _) = Granted(territories: ["DE", "FR"]);
        Assert.Equal(ConsentReason.Licensed, s.Decide(W, s.Dana, Day(6), territory: "DE").Reason);
        Assert.Equal(ConsentReason.TerritoryNotCovered, s.Decide(W, s.Dana, Day(6), territory: "SE").Reason);
        Assert.Equal(ConsentReason.TerritoryNotCovered, s.Decide(W, s.Dana, Day(6)).Reason);
        var (everywhere, _) = Granted();
        Assert.Equal(ConsentReason.Licensed, everywhere.Decide(W, everywhere.Dana, Day(6), territory: "SE").Reason);
    }

    [Fact]
    public void Decide_BlanketGrant_CoversWorksRegisteredLater_ButNotOtherOwnersWorks()
    {
        var s = new LedgerScenario();
        s.Register(s.Alice, W, Day(2));
        var blanket = s.Grant(s.Alice, Day(3), works: null, licensee: s.Dana);
        var later = Work("later");
        s.Register(s.Alice, later, Day(4));
        s.Register(s.Bob, Other, Day(4));
        var d = s.Decide(later, s.Dana, Day(5));
        Assert.Equal(ConsentReason.Licensed, d.Reason);
        Assert.Equal([blanket.Id], d.GrantIds);
        Assert.Equal(ConsentReason.NoGrant, s.Decide(Other, s.Dana, Day(5)).Reason);
        // Before it was registered, the later work was not the owner's.
        Assert.Equal(ConsentReason.NotRegistered, s.Decide(later, s.Dana, Day(3, 12)).Reason);
    }

    [Fact]
    public void Decide_SeveralGrants_ReportsTheOneThatCameClosest_AndTiesGoToTheEarliest()
    {
        var s = new LedgerScenario();
        s.Register(s.Alice, W, Day(2));
        s.Grant(s.Alice, Day(3), [W], s.Erik);                                         // fails at licensee
        var expired = s.Grant(s.Alice, Day(3), [W], s.Dana, until: Day(4));           // fails at window
        s.Grant(s.Alice, Day(3), [W], s.Dana, uses: [Use.Search]);                     // fails at use
        var laterExpired = s.Grant(s.Alice, Day(3), [W], s.Dana, until: Day(4, 12));   // fails at window too, later
        var d = s.Decide(W, s.Dana, Day(6));
        Assert.Equal(ConsentReason.Expired, d.Reason);
        Assert.Equal([expired.Id], d.GrantIds);
        Assert.NotEqual(laterExpired.Id, d.GrantIds[0]);
    }

    [Fact]
    public void Decide_SeveralEffectiveGrants_ListsThemAll()
    {
        var s = new LedgerScenario();
        s.Register(s.Alice, W, Day(2));
        var first = s.Grant(s.Alice, Day(3), [W], s.Dana);
        var second = s.Grant(s.Alice, Day(3), works: null, licensee: null, uses: [Use.Tdm]);
        Assert.Equal([first.Id, second.Id], s.Decide(W, s.Dana, Day(4)).GrantIds);
    }

    [Fact]
    public void Decide_GrantByAnotherCreator_DoesNotCount()
    {
        var s = new LedgerScenario();
        s.Register(s.Alice, W, Day(2));
        // Bob grants on Alice's work without a mandate: not a candidate grant.
        s.Add(s.Bob, new LicenseGranted([W], null, s.Dana.Id, [Use.AiTrain], false, new Window(Day(3)), null,
            new LicenseTerms(null, false)).ToDraft(), Day(3));
        Assert.Equal(ConsentReason.NoGrant, s.Decide(W, s.Dana, Day(4)).Reason);
    }

    [Fact]
    public void AsOfTime_EventsWrittenLaterDoNotCount()
    {
        var (s, _) = Granted();
        s.Register(s.Alice, Work("new"), Day(20));
        Assert.Equal(ConsentReason.NotRegistered, s.Decide(Work("new"), s.Dana, Day(19)).Reason);
        // The grant written on day 3 does not exist as of day 2, even though its window is asked about.
        Assert.Equal(ConsentReason.NoGrant, s.Decide(W, s.Dana, Day(2, 12)).Reason);
    }
}
