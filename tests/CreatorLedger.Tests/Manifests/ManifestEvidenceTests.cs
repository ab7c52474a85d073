using CreatorLedger.Events;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Manifests;
using CreatorLedger.Sqlite;
using CreatorLedger.Tests.Licensing;
using CreatorLedger.Transparency;
using Xunit;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Manifests;

/// <summary>
/// A manifest's proven events, gathered from a real SQLite ledger and checked with no ledger: what they prove, and every
/// way they can fail to (a changed hash, a missing event, another checkpoint, a broken key history, a missing mandate,
/// another licensee, another signer).
/// </summary>
public sealed class ManifestEvidenceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private sealed record Fixture(LedgerScenario S, TrainingManifest Manifest, CheckpointBody Body, SignedEvent AliceGrant, SignedEvent AgentGrant, SignedEvent Mandate);

    // Alice registers two works, rotates her key (declaring the old one compromised after her registrations) and grants
    // both to Dana with the new key; Bob registers a third and mandates Sofia, who grants it to Dana; a fourth work is
    // nobody's. Dana's manifest includes three works and excludes the fourth.
    private async Task<Fixture> Proven()
    {
        var s = new LedgerScenario();
        WorkId w1 = Work("w1"), w2 = Work("w2"), w3 = Work("w3"), w4 = Work("w4");
        s.Register(s.Alice, w1, Day(2));
        s.Register(s.Alice, w2, Day(2));
        s.RotateAndCompromise(s.Alice, 3, Day(2, 12));
        var aliceGrant = s.Grant(s.Alice, Day(3), [w1, w2], s.Dana);
        s.Register(s.Bob, w3, Day(2));
        var mandate = s.Mandate(s.Bob, s.Society, Day(3));
        var agentGrant = s.AgentGrant(s.Society, s.Bob, Day(4), [w3], s.Dana);
        var checkpoint = MerkleTree.CheckpointOf(s.Events.Select(e => e.Id));
        var view = ConsentView.AtCheckpoint(s.Events, checkpoint, Day(5));
        var entries = new[] { w1, w2, w3, w4 }.Select(w =>
        {
            var d = view.Decide(new ConsentRequest(w, s.Dana.Id, Use.AiTrain));
            return new ManifestEntry("/data/" + w.Value[7..15], w, d.Decision, d.Reason.ToString(), d.Owner, d.GrantIds);
        }).ToList();
        Assert.Equal(3, entries.Count(e => e.IsIncluded));
        var manifest = new TrainingManifest("run", s.Dana.Id, Use.AiTrain, false, null, checkpoint, Day(5), entries);
        using var store = SqliteEventStore.Open(_directory.File("ledger.db"));
        await LedgerImport.ImportAsync(store, s.Events.Select(e => (e.Position, e.Event.Bytes)));
        var proofs = await ManifestEvidence.CollectAsync(manifest.Included, s.Dana.Id, view.Licenses, store, checkpoint.Size);
        return new Fixture(s, manifest with { Proofs = proofs }, CheckpointBody.FromCheckpoint("example.org/log", checkpoint), aliceGrant, agentGrant, mandate);
    }

    private static TrainingManifest Without(TrainingManifest manifest, SignedEvent dropped) =>
        manifest with { Proofs = [.. manifest.Proofs.Where(p => p.Event.Id != dropped.Id)] };

    [Fact]
    public async Task Collect_ProvesEveryIncludedEntry_AndSurvivesSigningAndOpening()
    {
        var f = await Proven();
        // Three registrations, two grants, the mandate, and Alice's creation, rotation and compromise.
        Assert.Equal(9, f.Manifest.Proofs.Count);
        Assert.True(TrainingManifest.TryOpen(f.Manifest.Sign(f.S.Dana), out var opened, out var signer, out var problem), problem);
        Assert.Equal(f.Manifest.Proofs.Select(p => (p.Event.Id, p.Index)), opened.Proofs.Select(p => (p.Event.Id, p.Index)));

        var report = ManifestEvidenceCheck.Check(opened, signer, f.Body);
        Assert.Empty(report.BadEvents);
        Assert.True(report.SignerProven);
        Assert.Equal(3, report.Proven);
        Assert.Equal(0, report.Unproven);
    }

    [Fact]
    public async Task Check_AProofHashChanged_IsABadEvent_AndItsEntriesAreUnproven()
    {
        var f = await Proven();
        var target = f.Manifest.Proofs.Single(p => p.Event.Id == f.AgentGrant.Id);
        var hashes = target.Hashes.Select(h => (byte[])h.Clone()).ToList();
        hashes[0][5] ^= 1;
        var manifest = f.Manifest with { Proofs = [.. f.Manifest.Proofs.Select(p => p == target ? new ProvenEvent(p.Event, p.Index, hashes) : p)] };

        var report = ManifestEvidenceCheck.Check(manifest, f.S.Dana.Id, f.Body);
        Assert.Contains("inclusion proof does not lead to the root", Assert.Single(report.BadEvents));
        var unproven = Assert.Single(report.Entries, e => !e.Proven);
        Assert.Equal(Work("w3"), unproven.Entry.Work);
        Assert.Contains("is not proven", unproven.Problem);
    }

    [Fact]
    public async Task Check_AgainstAnotherCheckpoint_ProvesNothing()
    {
        var f = await Proven();
        var smaller = MerkleTree.CheckpointOf(f.S.Events.Take(f.S.Events.Count - 1).Select(e => e.Id));
        var report = ManifestEvidenceCheck.Check(f.Manifest, f.S.Dana.Id, CheckpointBody.FromCheckpoint("example.org/log", smaller));
        Assert.Equal(f.Manifest.Proofs.Count, report.BadEvents.Count);
        Assert.Equal(0, report.Proven);
    }

    [Fact]
    public async Task Check_WithoutTheGrant_OrTheMandate_OrTheKeyRotation_NamesWhatIsMissing()
    {
        var f = await Proven();
        var noGrant = ManifestEvidenceCheck.Check(Without(f.Manifest, f.AliceGrant), f.S.Dana.Id, f.Body);
        Assert.Equal(2, noGrant.Unproven);
        Assert.All(noGrant.Entries.Where(e => !e.Proven), e => Assert.Equal($"grant {f.AliceGrant.Id} is not proven", e.Problem));

        var noMandate = ManifestEvidenceCheck.Check(Without(f.Manifest, f.Mandate), f.S.Dana.Id, f.Body);
        Assert.Contains("no proven mandate", Assert.Single(noMandate.Entries, e => !e.Proven).Problem);

        var rotation = f.Manifest.Proofs.Single(p => p.Event.Type == EventTypes.KeyRotated).Event;
        var noRotation = ManifestEvidenceCheck.Check(Without(f.Manifest, rotation), f.S.Dana.Id, f.Body);
        Assert.Equal(2, noRotation.Unproven);
        // Without the rotation, the compromise signed by the new key is the first change no key of hers explains.
        Assert.All(noRotation.Entries.Where(e => !e.Proven), e => Assert.Contains("the key change at seq 5", e.Problem));
    }

    [Fact]
    public async Task Check_ForAnotherLicensee_OrSignedByAnotherKey_IsNotProven()
    {
        var f = await Proven();
        var erik = f.Manifest with { Licensee = f.S.Erik.Id };
        var report = ManifestEvidenceCheck.Check(erik, f.S.Erik.Id, f.Body);
        Assert.Equal(0, report.Proven);
        Assert.All(report.Entries, e => Assert.Contains(nameof(ConsentReason.LicenseeNotCovered), e.Problem));

        var otherSigner = ManifestEvidenceCheck.Check(f.Manifest, f.S.Erik.Id, f.Body);
        Assert.False(otherSigner.SignerProven);
        Assert.Contains("no proven key history makes a key of the licensee", otherSigner.SignerProblem);
    }

    [Fact]
    public async Task Check_AGrantSignedByAKeyLaterDeclaredCompromised_IsNotProven_ThoughEveryProofHolds()
    {
        var s = new LedgerScenario();
        var w = Work("w");
        s.Register(s.Alice, w, Day(2));
        var grant = s.Grant(s.Alice, Day(3), [w], s.Dana);
        // Alice declares the key that signed the grant compromised after her registration: the grant is void.
        s.RotateAndCompromise(s.Alice, 2, Day(4));
        var checkpoint = MerkleTree.CheckpointOf(s.Events.Select(e => e.Id));
        var view = ConsentView.AtCheckpoint(s.Events, checkpoint, Day(5));
        Assert.False(view.Decide(new ConsentRequest(w, s.Dana.Id, Use.AiTrain)).IsLicensed);
        // A manifest that claims the grant anyway.
        var manifest = new TrainingManifest("run", s.Dana.Id, Use.AiTrain, false, null, checkpoint, Day(5),
            [new ManifestEntry("/data/w", w, "Licensed", "Licensed", s.Alice.Id, [grant.Id])]);
        using var store = SqliteEventStore.Open(_directory.File("void.db"));
        await LedgerImport.ImportAsync(store, s.Events.Select(e => (e.Position, e.Event.Bytes)));
        manifest = manifest with { Proofs = await ManifestEvidence.CollectAsync(manifest.Included, s.Dana.Id, view.Licenses, store, checkpoint.Size) };

        var report = ManifestEvidenceCheck.Check(manifest, s.Dana.Id, CheckpointBody.FromCheckpoint("example.org/log", checkpoint));
        Assert.Empty(report.BadEvents);
        Assert.Contains("declared compromised after seq 2", Assert.Single(report.Entries).Problem);
    }

    [Fact]
    public async Task Open_AManifestWithAProofByteChanged_DoesNotVerify()
    {
        var f = await Proven();
        var text = System.Text.Encoding.UTF8.GetString(f.Manifest.Sign(f.S.Dana));
        var hash = Convert.ToBase64String(f.Manifest.Proofs[0].Hashes[0]);
        var changed = text.Replace(hash, Convert.ToBase64String(new byte[32]), StringComparison.Ordinal);
        Assert.NotEqual(text, changed);
        Assert.False(TrainingManifest.TryOpen(System.Text.Encoding.UTF8.GetBytes(changed), out _, out _, out var problem));
        Assert.Contains("signature does not verify", problem);
    }
}
