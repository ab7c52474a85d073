using CreatorLedger.Events;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Licensing;

/// <summary>Decisions at a checkpoint (DESIGN §6, §7): exactly reproducible, whatever is appended later.</summary>
public sealed class ConsentViewTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AtCheckpoint_DecisionIsUnchangedAfterARevocationIsAppended_InARealStore()
    {
        var s = new LedgerScenario();
        var w = Work("w");
        s.Register(s.Alice, w, Day(2));
        var grant = s.Grant(s.Alice, Day(3), [w], s.Dana, until: Day(30));
        using var store = SqliteEventStore.Open(_directory.File("ledger.db"), new FakeTimeProvider(Day(40).Value));
        await LedgerImport.ImportAsync(store, s.Events.Select(e => ((long)e.Position, e.Event.Bytes)).ToList());
        var checkpoint = await store.HeadAsync();
        var request = new ConsentRequest(w, s.Dana.Id, Use.AiTrainGenerative);

        var before = (await ConsentView.AtCheckpointAsync(store, await LicenseProjection.LoadAsync(store), checkpoint, Day(10))).Decide(request);
        Assert.Equal(ConsentReason.Licensed, before.Reason);
        Assert.Equal(checkpoint, before.Checkpoint);

        var revocation = s.Revoke(s.Alice, grant, Day(5), effective: Day(6));
        await LedgerImport.ImportAsync(store, [(99L, revocation.Bytes)]);

        var after = (await ConsentView.AtCheckpointAsync(store, await LicenseProjection.LoadAsync(store), checkpoint, Day(10))).Decide(request);
        Assert.Equal(before, after with { GrantIds = before.GrantIds });
        Assert.Equal(before.GrantIds, after.GrantIds);
        var now = (await ConsentView.AtCheckpointAsync(store, await LicenseProjection.LoadAsync(store), await store.HeadAsync(), Day(10))).Decide(request);
        Assert.Equal(ConsentReason.Revoked, now.Reason);
    }

    [Fact]
    public void AtCheckpoint_BeyondTheHead_IsRefusedWithEvidence()
    {
        var s = new LedgerScenario();
        var head = MerkleTree.CheckpointOf(s.Events.Select(e => e.Id));
        var beyond = new Checkpoint(head.Size + 1, head.Root);
        var e = Assert.Throws<CheckpointMismatchException>(() => ConsentView.AtCheckpoint(s.Events, beyond, Day(2)));
        Assert.Equal(beyond, e.Requested);
        Assert.Equal(head, e.Actual);
        Assert.Contains("beyond", e.Message);
    }

    [Fact]
    public void AtCheckpoint_RootOfAnotherLedger_IsRefusedWithEvidence()
    {
        var s = new LedgerScenario();
        var other = new LedgerScenario();
        var foreign = MerkleTree.CheckpointOf(other.Events.Select(e => e.Id));
        var e = Assert.Throws<CheckpointMismatchException>(() => ConsentView.AtCheckpoint(s.Events, foreign, Day(2)));
        Assert.Equal(MerkleTree.CheckpointOf(s.Events.Select(x => x.Id)), e.Actual);
    }

    /// <summary>
    /// Property: for random ledgers, the decision at any checkpoint is the same before and after any number of
    /// further events (grants, revocations, registrations, withdrawals) are appended.
    /// </summary>
    [Fact]
    public void AtCheckpoint_NeverChanges_WhenMoreEventsAreAppended()
    {
        var random = new Random(20261129);
        var works = Enumerable.Range(0, 4).Select(i => Work($"w{i}")).ToArray();
        var uses = new[] { Use.AiTrain, Use.AiTrainGenerative, Use.AiInput, Use.Tdm };
        for (int round = 0; round < 25; round++)
        {
            var s = new LedgerScenario();
            var creators = new[] { s.Alice, s.Bob };
            var grants = new List<SignedEvent>();
            var snapshots = new List<(Checkpoint Checkpoint, ConsentDecision[] Decisions)>();
            var requests = works.SelectMany(w => new[] { s.Dana, s.Erik }.Select(l => new ConsentRequest(w, l.Id, uses[random.Next(uses.Length)], random.Next(2) == 0)))
                .ToArray();
            int day = 2;
            for (int step = 0; step < 30; step++)
            {
                var creator = creators[random.Next(2)];
                var at = Day(day += random.Next(2));
                try
                {
                    switch (random.Next(4))
                    {
                        case 0: s.Register(creator, works[random.Next(works.Length)], at); break;
                        case 1: s.Withdraw(creator, works[random.Next(works.Length)], at); break;
                        case 2:
                            grants.Add(s.Grant(creator, at, random.Next(3) == 0 ? null : [works[random.Next(works.Length)]],
                                random.Next(3) == 0 ? null : (random.Next(2) == 0 ? s.Dana : s.Erik), [uses[random.Next(uses.Length)]],
                                random.Next(2) == 0, at, random.Next(2) == 0 ? null : Day(day + random.Next(1, 10))));
                            break;
                        default:
                            if (grants.Count > 0) s.Revoke(creator, grants[random.Next(grants.Count)], at, at.AddMilliseconds(random.Next(0, 5) * 86_400_000L));
                            break;
                    }
                }
                catch (InvalidOperationException)
                {
                    // The builder refused an event the chain rules would refuse too; nothing was recorded.
                }
                var checkpoint = MerkleTree.CheckpointOf(s.Events.Select(e => e.Id));
                var view = ConsentView.AtCheckpoint(s.Events, checkpoint, Day(12));
                snapshots.Add((checkpoint, requests.Select(view.Decide).ToArray()));
            }
            foreach (var (checkpoint, decisions) in snapshots)
            {
                var view = ConsentView.AtCheckpoint(s.Events, checkpoint, Day(12));
                var again = requests.Select(view.Decide).ToArray();
                for (int i = 0; i < again.Length; i++)
                {
                    Assert.Equal(decisions[i].Reason, again[i].Reason);
                    Assert.Equal(decisions[i].Owner, again[i].Owner);
                    Assert.Equal(decisions[i].GrantIds, again[i].GrantIds);
                }
            }
        }
    }
}
