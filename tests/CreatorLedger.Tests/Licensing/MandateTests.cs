using CreatorLedger.Events;
using CreatorLedger.Licensing;
using Xunit;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Licensing;

/// <summary>
/// Grants by an agent under a mandate (DESIGN §6.2, issue 4): valid only while a mandate from the owner covers the
/// work and use at the grant's time; a grant made under a mandate survives its revocation, none can be made after it.
/// </summary>
public sealed class MandateTests
{
    private static readonly WorkId W = Work("w");
    private static readonly WorkId Other = Work("other");

    private static LedgerScenario Registered()
    {
        var s = new LedgerScenario();
        s.Register(s.Alice, W, Day(2));
        s.Register(s.Alice, Other, Day(2));
        _ = s.Society;
        return s;
    }

    [Fact]
    public void AgentGrant_UnderAMandate_Licenses()
    {
        var s = Registered();
        s.Mandate(s.Alice, s.Society, Day(3));
        var grant = s.AgentGrant(s.Society, s.Alice, Day(4), [W], s.Dana);
        var decision = s.Decide(W, s.Dana, Day(5));
        Assert.Equal(ConsentReason.Licensed, decision.Reason);
        Assert.Equal([grant.Id], decision.GrantIds);
        Assert.Equal(s.Alice.Id, decision.Owner);
    }

    [Fact]
    public void AgentGrant_WithoutAMandate_IsIgnored()
    {
        var s = Registered();
        s.AgentGrant(s.Society, s.Alice, Day(4), [W], s.Dana);
        Assert.Equal(ConsentReason.NoGrant, s.Decide(W, s.Dana, Day(5)).Reason);
    }

    [Fact]
    public void AgentGrant_ByAnotherAgentThanTheMandated_IsIgnored()
    {
        var s = Registered();
        s.Mandate(s.Alice, s.Society, Day(3));
        s.AgentGrant(s.Bob, s.Alice, Day(4), [W], s.Dana);
        Assert.Equal(ConsentReason.NoGrant, s.Decide(W, s.Dana, Day(5)).Reason);
    }

    [Fact]
    public void AgentGrant_MadeBeforeTheMandateIsRevoked_Survives_AndNoneAfter()
    {
        var s = Registered();
        var mandate = s.Mandate(s.Alice, s.Society, Day(3));
        var before = s.AgentGrant(s.Society, s.Alice, Day(4), [W], s.Dana);
        s.RevokeMandate(s.Alice, mandate, Day(5));
        s.AgentGrant(s.Society, s.Alice, Day(6), [Other], s.Dana);
        Assert.Equal(ConsentReason.Licensed, s.Decide(W, s.Dana, Day(7)).Reason);
        Assert.Equal([before.Id], s.Decide(W, s.Dana, Day(7)).GrantIds);
        Assert.Equal(ConsentReason.NoGrant, s.Decide(Other, s.Dana, Day(7)).Reason);
    }

    [Fact]
    public void AgentGrant_AtTheSameInstantAsTheRevocation_IsRefused()
    {
        var s = Registered();
        var mandate = s.Mandate(s.Alice, s.Society, Day(3));
        s.RevokeMandate(s.Alice, mandate, Day(5));
        s.AgentGrant(s.Society, s.Alice, Day(5), [W], s.Dana);
        Assert.Equal(ConsentReason.NoGrant, s.Decide(W, s.Dana, Day(7)).Reason);
    }

    [Fact]
    public void AgentGrant_WindowBoundaries_FromIncludedUntilExcluded()
    {
        var s = Registered();
        s.Mandate(s.Alice, s.Society, Day(3), from: Day(4), until: Day(6));
        s.AgentGrant(s.Society, s.Alice, Day(4), [W], s.Dana);
        s.AgentGrant(s.Society, s.Alice, Day(6), [Other], s.Dana);
        Assert.Equal(ConsentReason.Licensed, s.Decide(W, s.Dana, Day(8)).Reason);
        Assert.Equal(ConsentReason.NoGrant, s.Decide(Other, s.Dana, Day(8)).Reason);

        var early = Registered();
        early.Mandate(early.Alice, early.Society, Day(3), from: Day(4));
        early.AgentGrant(early.Society, early.Alice, Day(3, 23), [W], early.Dana);
        Assert.Equal(ConsentReason.NoGrant, early.Decide(W, early.Dana, Day(8)).Reason);
    }

    [Fact]
    public void AgentGrant_OutsideTheMandatesWorksOrUses_IsIgnored()
    {
        var s = Registered();
        s.Mandate(s.Alice, s.Society, Day(3), works: [W], uses: [Use.AiTrain]);
        // Other is not in the mandate; tdm is wider than ai-train; "*" needs a mandate for every work.
        s.AgentGrant(s.Society, s.Alice, Day(4), [Other], s.Dana);
        s.AgentGrant(s.Society, s.Alice, Day(4), [W], s.Erik, [Use.Tdm]);
        s.AgentGrant(s.Society, s.Alice, Day(4), null, s.Erik, [Use.AiTrain]);
        Assert.Equal(ConsentReason.NoGrant, s.Decide(Other, s.Dana, Day(5)).Reason);
        Assert.Equal(ConsentReason.NoGrant, s.Decide(W, s.Erik, Day(5), Use.Tdm).Reason);
        Assert.Equal(ConsentReason.NoGrant, s.Decide(Other, s.Erik, Day(5)).Reason);
        // A use below a mandated one is covered.
        s.AgentGrant(s.Society, s.Alice, Day(6), [W], s.Dana, [Use.AiTrainGenerative]);
        Assert.Equal(ConsentReason.Licensed, s.Decide(W, s.Dana, Day(7), Use.AiTrainGenerative).Reason);
    }

    [Fact]
    public void AgentGrant_RevokedByTheOwner_IsRevoked()
    {
        var s = Registered();
        s.Mandate(s.Alice, s.Society, Day(3));
        var grant = s.AgentGrant(s.Society, s.Alice, Day(4), [W], s.Dana);
        s.Revoke(s.Alice, grant, Day(5), Day(5));
        Assert.Equal(ConsentReason.Revoked, s.Decide(W, s.Dana, Day(6)).Reason);
    }

    [Fact]
    public void MandateRevoked_ByAnyoneButItsGiver_IsIgnored()
    {
        var s = Registered();
        var mandate = s.Mandate(s.Alice, s.Society, Day(3));
        s.RevokeMandate(s.Bob, mandate, Day(4));
        s.AgentGrant(s.Society, s.Alice, Day(5), [W], s.Dana);
        Assert.Equal(ConsentReason.Licensed, s.Decide(W, s.Dana, Day(6)).Reason);
        Assert.Null(LicenseProjection.From(s.Events).Head.Mandates.Single().RevokedAt);
    }

    [Fact]
    public void MandateGranted_ReadsWhatItWrites_AndRefusesBadCommissionAndWindow()
    {
        var s = new LedgerScenario();
        var mandate = new MandateGranted(s.Society.Id, [W], [Use.AiTrain, Use.Search], new Window(Day(1), Day(9)), 12.5m);
        using var doc = System.Text.Json.JsonDocument.Parse(mandate.ToDraft().Data.ToJsonString());
        Assert.True(MandateGranted.TryRead(doc.RootElement, out var read, out _));
        Assert.Equal(mandate with { Works = null, Uses = [] }, read with { Works = null, Uses = [] });
        Assert.Equal(mandate.Works, read.Works);
        foreach (var (field, value) in new[] { ("commissionPercent", "100.5"), ("commissionPercent", "-1"), ("commissionPercent", "ten"), ("until", Day(1).ToString()) })
        {
            var data = mandate.ToDraft().Data;
            data[field] = value;
            using var bad = System.Text.Json.JsonDocument.Parse(data.ToJsonString());
            Assert.False(MandateGranted.TryRead(bad.RootElement, out _, out var problem));
            Assert.Contains(field, problem);
        }
    }
}
