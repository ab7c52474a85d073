using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Tests.Vectors;
using Xunit;

namespace CreatorLedger.Tests.Licensing;

/// <summary>The projection of the shared vector ledger and of key compromises (DESIGN §4, §6).</summary>
public sealed class LicenseProjectionTests
{
    private static List<RecordedEvent> VectorEvents() =>
        VectorLedger.Lines.Select((l, i) => new RecordedEvent(SignedEvent.Parse(Encoding.UTF8.GetBytes(l)), i + 1, LedgerTime.Parse("2026-06-01T00:00:00.000Z"))).ToList();

    private static readonly WorkId W1 = WorkId.Parse(VectorLedger.Root.GetProperty("works").GetProperty("w1").GetString()!);
    private static readonly WorkId W3 = WorkId.Parse(VectorLedger.Root.GetProperty("works").GetProperty("w3").GetString()!);

    [Fact]
    public void Replay_VectorLedger_KnowsClaimsGrantsAndRevocations()
    {
        var projection = LicenseProjection.From(VectorEvents()).Head;
        Assert.Equal(3, projection.Identities.Count());
        // Bob claimed w1 and withdrew: Alice is its only claimant again.
        Assert.Equal([IdentityId.Parse(VectorLedger.Did("alice"))], projection.ClaimsOf(W1).Select(c => c.Claimant));
        Assert.Equal(2, projection.Grants.Count);
        var revoked = projection.Grants.Single(g => g.Revocation is not null);
        Assert.Equal(LedgerTime.Parse("2026-06-01T00:00:00.000Z"), revoked.Revocation!.Effective);
        Assert.Equal(Standing.Active, revoked.StatusAt(LedgerTime.Parse("2026-05-31T23:59:59.999Z")));
        Assert.Equal(Standing.Revoked, revoked.StatusAt(LedgerTime.Parse("2026-06-01T00:00:00.000Z")));
        // Alice rotated her key: her second key is current.
        Assert.Equal(VectorLedger.Did("alice-2"), projection.FindIdentity(IdentityId.Parse(VectorLedger.Did("alice")))!.CurrentKey.Value);
    }

    [Fact]
    public void Replay_EventsAfterAKeyCompromiseCutOff_AreVoid()
    {
        var key = SigningKey.Generate();
        var recovery = SigningKey.Generate();
        var chain = new Ledger.ChainBuilder(key);
        chain.Genesis(recovery.Id);
        var work = WorkId.FromHash(new byte[32]);
        chain.Append(new RegisteredWork(work, "stolen", "text/plain", 1).ToDraft());
        chain.Append(new KeyCompromised(key.Id, 1).ToDraft(), by: recovery);
        var events = chain.Events.Select((e, i) => new RecordedEvent(e, i + 1, chain.At)).ToList();
        var projection = LicenseProjection.From(events).Head;
        Assert.Empty(projection.ClaimsOf(work));
        Assert.Equal(recovery.Id, projection.FindIdentity(key.Id)!.CurrentKey);
    }

    [Fact]
    public void Read_StoredVectorEvents_GivesWhatTheFullParseGives()
    {
        // Stores hand the projection the bytes and the id they verified at append; the projection reads them with its
        // own forward-only reader. It must agree with the full parse on every event of the independent vectors
        // (escaped titles, optional fields, every type).
        foreach (var recorded in VectorEvents())
        {
            var trusted = ProjectedEvent.Read(new StoredEnvelope(recorded.Position, recorded.Event.Bytes, null, recorded.Id), "vectors");
            var full = ProjectedEvent.From(recorded);
            Assert.Equal(full with { Data = null }, trusted with { Data = null });
            Assert.Equal(full.Data?.GetType(), trusted.Data?.GetType());
            Assert.Equal(full.Data is null, trusted.Data is null);
        }
    }

    [Fact]
    public async Task LoadAsync_FromAStore_AgreesWithTheEventsItHolds()
    {
        using var directory = new TempDirectory();
        using var store = Sqlite.SqliteEventStore.Open(directory.File("ledger.db"), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-07-01T00:00:00Z")));
        var events = VectorEvents();
        await LedgerImport.ImportAsync(store, events.Select(e => ((long)e.Position, e.Event.Bytes)).ToList());
        var loaded = (await LicenseProjection.LoadAsync(store)).Head;
        var expected = LicenseProjection.From(events).Head;
        Assert.Equal(expected.AllClaims.Select(c => (c.Work, c.Claimant, c.Position)), loaded.AllClaims.Select(c => (c.Work, c.Claimant, c.Position)));
        Assert.Equal(3, loaded.AllClaims.Count());
        Assert.Equal(expected.Grants.Select(g => (g.Id, g.Revocation?.Id)), loaded.Grants.Select(g => (g.Id, g.Revocation?.Id)));
        Assert.Equal(expected.Identities.Select(i => (i.Id, i.CurrentKey)), loaded.Identities.Select(i => (i.Id, i.CurrentKey)));
    }
}
