using CreatorLedger.Transparency;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary>tlog-cosignature/v1 (Ed25519, type 0x04): the vectors' cosignatures read and verified, and refused when anything differs.</summary>
public sealed class CosignatureTests
{
    public static TheoryData<string> Sizes() => new(CheckpointVectors.Sizes);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TryParse_VectorWitnessLine_GivesTheWitnessAndTimeAndVerifies(string size)
    {
        var vector = CheckpointVectors.Checkpoint(size);
        Assert.True(Cosignature.TryParse(vector.Text("witnessSignatureLine"), out var cosignature));
        Assert.Equal(CheckpointVectors.WitnessName, cosignature.Name);
        Assert.Equal(CheckpointVectors.WitnessKey.KeyId, cosignature.KeyId);
        Assert.Equal(CheckpointVectors.CosignatureTime, cosignature.Timestamp);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), cosignature.Time);
        Assert.Equal(64, cosignature.Signature.Length);
        Assert.True(cosignature.Verify(CheckpointVectors.WitnessKey, CheckpointBody.Parse(vector.Text("body"))));
        Assert.Equal(vector.Text("witnessSignatureLine"), cosignature.ToString());
    }

    [Fact]
    public void Verify_OtherBodyOrKey_IsFalse()
    {
        Assert.True(Cosignature.TryParse(CheckpointVectors.Checkpoint("12").Text("witnessSignatureLine"), out var cosignature));
        Assert.False(cosignature.Verify(CheckpointVectors.WitnessKey, CheckpointBody.Parse(CheckpointVectors.Checkpoint("8").Text("body"))));
        var body = CheckpointBody.Parse(CheckpointVectors.Checkpoint("12").Text("body"));
        // The same public key as a log key (type 0x01) is another key: its id differs.
        Assert.False(cosignature.Verify(NoteVerifierKey.ForLog(CheckpointVectors.WitnessName, CheckpointVectors.WitnessKey.PublicKey), body));
        Assert.False(cosignature.Verify(CheckpointVectors.LogKey, body));
        Assert.False(cosignature.Verify(CheckpointVectors.TestWitness("witness-1"), body));
    }

    [Fact]
    public void Verify_BadVectorTimestampChanged_IsFalse()
    {
        var note = SignedNote.Parse(CheckpointVectors.Bad("cosignature-timestamp-changed").Text("note"));
        Assert.True(Cosignature.TryFrom(note.Signatures[1], out var cosignature));
        Assert.Equal(CheckpointVectors.CosignatureTime + 1, cosignature.Timestamp);
        Assert.False(cosignature.Verify(CheckpointVectors.WitnessKey, CheckpointBody.Parse(note.Text)));
    }

    [Fact]
    public void TryFrom_LogSignature_IsNotACosignature()
    {
        var note = SignedNote.Parse(CheckpointVectors.Checkpoint("12").Text("signedNote"));
        Assert.False(Cosignature.TryFrom(note.Signatures[0], out var cosignature));
        Assert.Null(cosignature);
    }

    [Fact]
    public void TryParse_SpecExample_ReadsItsTimestamp()
    {
        Assert.True(Cosignature.TryParse("\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==", out var cosignature));
        Assert.Equal("witness.example.com/w1", cosignature.Name);
        Assert.Equal(1679315147UL, cosignature.Timestamp);
    }

    [Fact]
    public void TryFrom_TimestampsAtTheLimits_AreReadOrRefused()
    {
        var signature = new byte[64];
        byte[] Bytes(ulong t) => [.. BitConverter.GetBytes(t).Reverse(), .. signature];
        Assert.True(Cosignature.TryFrom(new NoteSignature("w", 1, Bytes((ulong)long.MaxValue)), out var last));
        Assert.Equal(DateTimeOffset.MaxValue, last.Time);
        Assert.False(Cosignature.TryFrom(new NoteSignature("w", 1, Bytes((ulong)long.MaxValue + 1)), out _));
        Assert.True(Cosignature.TryFrom(new NoteSignature("w", 1, Bytes(0)), out var first));
        Assert.Equal(DateTimeOffset.UnixEpoch, first.Time);
    }
}
