using CreatorLedger.Identity;
using CreatorLedger.Manifests;
using CreatorLedger.Tests.Transparency;
using CreatorLedger.Transparency;
using Xunit;

namespace CreatorLedger.Tests.Manifests;

/// <summary>The signed note a manifest pins, checked against the vector log's key and a policy with the vector witness.</summary>
public sealed class PinnedCheckpointTests
{
    private static readonly DateTimeOffset CosignedAt = DateTimeOffset.FromUnixTimeSeconds(1767225600);

    private static TrainingManifest Manifest(string size, string? note) =>
        new("run", SigningKey.Generate().Id, Use.AiTrain, false, null, Checkpoint.Parse(CheckpointVectors.Checkpoint(size).Text("checkpoint")),
            LedgerTime.From(CosignedAt), [], note);

    private static TrustedCheckpoints Trust(TimeSpan age) =>
        new(TrustPolicy.Parse($"log {CheckpointVectors.LogKey}\nwitness w1 {CheckpointVectors.WitnessKey}\nquorum w1\n"), TimeSpan.FromDays(1),
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(CosignedAt + age));

    [Fact]
    public void Check_NoNote_IsNone()
    {
        Assert.Equal(PinnedStatus.None, PinnedCheckpoint.Check(Manifest("12", null), null, CheckpointVectors.LogKey).Status);
    }

    [Fact]
    public void Check_SignedNoteOfItsCheckpoint_IsSignedWithTheLogKey_AndWitnessedUnderThePolicy()
    {
        Assert.Equal(PinnedStatus.Signed, PinnedCheckpoint.Check(Manifest("12", CheckpointVectors.Checkpoint("12").Text("signedNote")), null, CheckpointVectors.LogKey).Status);
        var witnessed = PinnedCheckpoint.Check(Manifest("12", CheckpointVectors.Checkpoint("12").Text("cosignedNote")), Trust(TimeSpan.FromHours(1)), null);
        Assert.Equal(PinnedStatus.Witnessed, witnessed.Status);
        Assert.Equal(CosignedAt, witnessed.WitnessedAt);
    }

    [Fact]
    public void Check_NoteOfAnotherCheckpoint_UnwitnessedUnderThePolicy_OrChanged_IsInvalid()
    {
        var other = PinnedCheckpoint.Check(Manifest("12", CheckpointVectors.Checkpoint("8").Text("signedNote")), null, CheckpointVectors.LogKey);
        Assert.Equal(PinnedStatus.Invalid, other.Status);
        Assert.Contains("the manifest's is 12:", other.Problem);
        Assert.Equal(PinnedStatus.Invalid, PinnedCheckpoint.Check(Manifest("12", CheckpointVectors.Checkpoint("12").Text("signedNote")), Trust(TimeSpan.Zero), null).Status);
        var changed = CheckpointVectors.Bad("note-root-byte-changed").Text("note");
        Assert.Equal(PinnedStatus.Invalid, PinnedCheckpoint.Check(Manifest("12", changed), null, CheckpointVectors.LogKey).Status);
    }
}
