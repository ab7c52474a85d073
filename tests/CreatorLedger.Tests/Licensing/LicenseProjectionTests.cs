using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Tests.Vectors;
using Xunit;

namespace CreatorLedger.Tests.Licensing;

/// <summary>The projection counts only valid events (DESIGN §6), whatever a store hands it.</summary>
public sealed class LicenseProjectionTests
{
    private static List<RecordedEvent> VectorEvents() =>
        VectorLedger.Lines.Select((l, i) => new RecordedEvent(SignedEvent.Parse(Encoding.UTF8.GetBytes(l)), i + 1, LedgerTime.Parse("2026-06-01T00:00:00.000Z"))).ToList();

    private static readonly WorkId W1 = WorkId.Parse(VectorLedger.Root.GetProperty("works").GetProperty("w1").GetString()!);
    private static readonly WorkId W3 = WorkId.Parse(VectorLedger.Root.GetProperty("works").GetProperty("w3").GetString()!);

    [Fact]
    public void Replay_VectorLedger_KnowsClaimsGrantsAndRevocations()
    {
        var projection = LicenseProjection.Replay(VectorEvents());
        Assert.Equal(3, projection.Identities.Count);
        // Bob claimed w1 and withdrew: Alice is its only claimant again.
        Assert.Equal([IdentityId.Parse(VectorLedger.Did("alice"))], projection.ClaimsOf(W1).Select(c => c.Claimant));
        Assert.Equal(2, projection.Grants.Count);
        var revoked = projection.Grants.Single(g => g.Revocation is not null);
        Assert.Equal(LedgerTime.Parse("2026-06-01T00:00:00.000Z"), revoked.Revocation!.Effective);
        Assert.Equal("Active", revoked.StatusAt(LedgerTime.Parse("2026-05-31T23:59:59.999Z")));
        Assert.Equal("Revoked", revoked.StatusAt(LedgerTime.Parse("2026-06-01T00:00:00.000Z")));
        // Alice rotated her key: her second key is current.
        Assert.Equal(VectorLedger.Did("alice-2"), projection.FindIdentity(IdentityId.Parse(VectorLedger.Did("alice")))!.CurrentKey.Value);
    }

    [Fact]
    public void Replay_EventAlteredInTheStore_IsIgnoredWithTheRestOfItsStream()
    {
        var events = VectorEvents();
        // Position 6 is Bob's registration of w3, "A short story"; a store operator changes the title.
        var altered = Encoding.UTF8.GetString(events[5].Event.Bytes).Replace("A short story", "A short storz");
        events[5] = events[5] with { Event = SignedEvent.Parse(Encoding.UTF8.GetBytes(altered)) };
        var projection = LicenseProjection.Replay(events);
        Assert.Empty(projection.ClaimsOf(W3));
        Assert.DoesNotContain(projection.Grants, g => g.Owner.Value == VectorLedger.Did("bob"));
        Assert.Single(projection.Grants);
    }

    [Fact]
    public void Replay_EventsAfterAKeyCompromiseCutOff_AreVoid()
    {
        var key = SigningKey.Generate();
        var recovery = SigningKey.Generate();
        var chain = new Ledger.ChainBuilder(key);
        chain.Genesis(recovery.Id);
        var work = WorkId.FromHash(new byte[32]);
        chain.Append(new WorkRegistered(work, "stolen", "text/plain", 1).ToDraft());
        chain.Append(new KeyCompromised(key.Id, 1).ToDraft(), by: recovery);
        var events = chain.Events.Select((e, i) => new RecordedEvent(e, i + 1, chain.At)).ToList();
        var projection = LicenseProjection.Replay(events);
        Assert.Empty(projection.ClaimsOf(work));
        Assert.Equal(recovery.Id, projection.FindIdentity(key.Id)!.CurrentKey);
    }
}
