using System.Text;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Manifests;
using CreatorLedger.Payouts;
using CreatorLedger.Sqlite;
using CreatorLedger.Tests.Licensing;
using Xunit;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Manifests;

/// <summary>The manifest signer rule, in the core: anyone can sign a manifest, only its licensee's keys can sign theirs.</summary>
public sealed class ManifestVerificationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<(SqliteEventStore Store, LedgerScenario S, TrainingManifest Manifest)> Ledger()
    {
        var s = new LedgerScenario();
        var w = Work("w");
        s.Register(s.Alice, w, Day(2));
        s.Grant(s.Alice, Day(3), [w], s.Dana);
        var checkpoint = MerkleTree.CheckpointOf(s.Events.Select(e => e.Id));
        var view = ConsentView.AtCheckpoint(s.Events, checkpoint, Day(5));
        var d = view.Decide(new ConsentRequest(w, s.Dana.Id, Use.AiTrain));
        var manifest = new TrainingManifest("run", s.Dana.Id, Use.AiTrain, false, null, checkpoint, Day(5),
            [new ManifestEntry("/data/w", w, d.Decision, d.Reason.ToString(), d.Owner, d.GrantIds)]);
        var store = SqliteEventStore.Open(_directory.File("ledger.db"));
        await LedgerImport.ImportAsync(store, s.Events.Select(e => (e.Position, e.Event.Bytes)));
        return (store, s, manifest);
    }

    [Fact]
    public async Task AManifestSignedByItsLicensee_IsValid_WithTheEvidence()
    {
        var (store, s, manifest) = await Ledger();
        using var _ = store;
        var verified = await ManifestVerification.VerifyAsync(manifest.Sign(s.Dana), store);
        Assert.True(verified.IsValid, verified.Message);
        Assert.Equal(s.Dana.Id, verified.Signer);
        Assert.Equal(manifest.Run, verified.Manifest!.Run);
    }

    [Fact]
    public async Task AManifestSignedBySomeoneElse_IsRefused_NamingTheSigner_AndCannotBeReported()
    {
        var (store, s, manifest) = await Ledger();
        using var _ = store;
        var verified = await ManifestVerification.VerifyAsync(manifest.Sign(s.Erik), store);
        Assert.False(verified.IsValid);
        Assert.Equal(ManifestProblem.NotTheLicensees, verified.Problem);
        Assert.Equal(s.Erik.Id, verified.Signer);
        Assert.Null(verified.Manifest);
        var reporting = new UsageReporting(store, s.Dana.Id, s.Dana);
        var e = await Assert.ThrowsAsync<LicensingException>(() => reporting.SubmitAsync(verified, "2026-01"));
        Assert.Equal(LicensingProblem.ManifestInvalid, e.Problem);
        Assert.Equal((await store.HeadAsync()).Size, s.Events.Count);
    }

    [Fact]
    public async Task AChangedManifest_IsRefusedAsABadSignature()
    {
        var (store, s, manifest) = await Ledger();
        using var _ = store;
        var bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(manifest.Sign(s.Dana)).Replace("\"run\": \"run\"", "\"run\": \"rum\"", StringComparison.Ordinal));
        var verified = await ManifestVerification.VerifyAsync(bytes, store);
        Assert.Equal(ManifestProblem.BadSignature, verified.Problem);
    }
}
