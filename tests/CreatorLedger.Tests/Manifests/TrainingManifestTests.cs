using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Manifests;
using CreatorLedger.Tests.Licensing;
using Xunit;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Manifests;

public sealed class TrainingManifestTests
{
    private static (LedgerScenario S, TrainingManifest Manifest, SignedEvent Grant) Scenario()
    {
        var s = new LedgerScenario();
        var w = Work("w");
        s.Register(s.Alice, w, Day(2));
        var grant = s.Grant(s.Alice, Day(3), [w], s.Dana, until: Day(30));
        var checkpoint = MerkleTree.CheckpointOf(s.Events.Select(e => e.Id));
        var view = ConsentView.AtCheckpoint(s.Events, checkpoint, Day(5));
        var entries = new[] { w, Work("unknown") }.Select(work =>
        {
            var d = view.Decide(new ConsentRequest(work, s.Dana.Id, Use.AiTrain));
            return new ManifestEntry($"/data/{work.Value[7..15]}", work, d.Decision, d.Reason.ToString(), d.Owner, d.GrantIds);
        }).ToArray();
        return (s, new TrainingManifest("run", s.Dana.Id, Use.AiTrain, false, null, checkpoint, Day(5), entries), grant);
    }

    [Fact]
    public void SignAndOpen_RoundTrips()
    {
        var (s, manifest, _) = Scenario();
        var bytes = manifest.Sign(s.Dana);
        Assert.True(TrainingManifest.TryOpen(bytes, out var opened, out var signer, out var problem), problem);
        Assert.Equal(s.Dana.Id, signer);
        Assert.Equal(manifest.Checkpoint, opened.Checkpoint);
        Assert.Equal(manifest.Entries.Select(e => (e.Work, e.Decision, e.Reason)), opened.Entries.Select(e => (e.Work, e.Decision, e.Reason)));
        Assert.Equal(manifest.Included.Single().Grants, opened.Included.Single().Grants);
    }

    [Theory]
    [InlineData("\"run\": \"run\"", "\"run\": \"rum\"", "signature")]
    [InlineData("\"commercial\": false", "\"commercial\": true", "signature")]
    [InlineData("\"reason\":\"NotRegistered\"", "\"reason\":\"Licensed\"", "entries were changed")]
    [InlineData("\"count\": 1", "\"count\": 2", "entries were changed")]
    public void Open_AnyChangedContent_IsRefused(string from, string to, string said)
    {
        var (s, manifest, _) = Scenario();
        var text = Encoding.UTF8.GetString(manifest.Sign(s.Dana));
        Assert.Contains(from, text);
        Assert.False(TrainingManifest.TryOpen(Encoding.UTF8.GetBytes(text.Replace(from, to)), out _, out _, out var problem));
        Assert.Contains(said, problem);
    }

    [Fact]
    public void Check_AfterARevocation_ReproducesThenAndReportsRevokedNow()
    {
        var (s, manifest, grant) = Scenario();
        s.Revoke(s.Alice, grant, Day(6), Day(6));
        var checks = ManifestCheck.Check(manifest, s.Events, Day(7));
        Assert.All(checks, c => Assert.True(c.Reproduced));
        Assert.Equal(["Revoked", "StillExcluded"], checks.Select(c => c.Change));
    }

    [Fact]
    public void Check_ManifestClaimingADecisionTheLedgerDidNotGive_IsNotReproduced()
    {
        var (s, manifest, _) = Scenario();
        var forged = manifest with { Entries = [.. manifest.Entries.Select(e => e.IsIncluded ? e : e with { Decision = "Licensed", Reason = "Licensed" })] };
        var checks = ManifestCheck.Check(forged, s.Events, Day(7));
        Assert.Contains(checks, c => !c.Reproduced);
    }
}
