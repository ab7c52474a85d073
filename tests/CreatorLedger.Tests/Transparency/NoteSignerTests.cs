using CreatorLedger.Transparency;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary>Signing and cosigning reproduce every vector byte for byte from the seeds (Ed25519 is deterministic).</summary>
public sealed class NoteSignerTests
{
    public static TheoryData<string> Sizes() => new(CheckpointVectors.Sizes);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Sign_VectorCheckpoint_ReproducesTheLogSignatureAndNote(string size)
    {
        var vector = CheckpointVectors.Checkpoint(size);
        using var key = CheckpointVectors.LogSigningKey();
        var signer = new NoteSigner(CheckpointVectors.LogName, key);
        Assert.Equal(vector.Text("logSignatureLine"), signer.Sign(vector.Text("body")).ToString());
        Assert.Equal(vector.Text("signedNote"), signer.SignNote(vector.Text("body")).ToString());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Cosign_VectorCheckpoint_ReproducesTheWitnessLineAndCosignedNote(string size)
    {
        var vector = CheckpointVectors.Checkpoint(size);
        using var key = CheckpointVectors.WitnessSigningKey();
        var witness = new NoteSigner(CheckpointVectors.WitnessName, key);
        var body = CheckpointBody.Parse(vector.Text("body"));
        var line = witness.Cosign(body, CheckpointVectors.CosignatureTime);
        Assert.Equal(vector.Text("witnessSignatureLine"), line.ToString());
        Assert.Equal(vector.Text("cosignedNote"), SignedNote.Parse(vector.Text("signedNote")).WithSignature(line).ToString());
        Assert.Equal(vector.Text("cosignedMessage"), System.Text.Encoding.UTF8.GetString(Cosignature.SignedMessage(body, CheckpointVectors.CosignatureTime)));
    }

    [Fact]
    public void Keys_VectorSeeds_AreTheVectorVkeys()
    {
        using var logKey = CheckpointVectors.LogSigningKey();
        using var witnessKey = CheckpointVectors.WitnessSigningKey();
        Assert.Equal(CheckpointVectors.LogKey, new NoteSigner(CheckpointVectors.LogName, logKey).VerifierKey);
        Assert.Equal(CheckpointVectors.WitnessKey, new NoteSigner(CheckpointVectors.WitnessName, witnessKey).CosignerKey);
    }

    [Fact]
    public void ToString_Signer_ShowsTheNameNeverTheKey()
    {
        using var key = CheckpointVectors.LogSigningKey();
        var text = new NoteSigner(CheckpointVectors.LogName, key).ToString();
        Assert.Contains(CheckpointVectors.LogName, text);
        Assert.DoesNotContain(CheckpointVectors.Checkpoints.GetProperty("log").Text("seedHex"), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(CheckpointVectors.Checkpoints.GetProperty("log").Hex("seedHex")), text);
    }

    [Fact]
    public void Sign_NotNoteText_Throws()
    {
        using var key = CheckpointVectors.LogSigningKey();
        var signer = new NoteSigner(CheckpointVectors.LogName, key);
        Assert.Throws<ArgumentException>(() => signer.Sign("no final newline"));
        Assert.Throws<ArgumentException>(() => signer.Sign("a\rb\n"));
        Assert.Throws<ArgumentException>(() => signer.Sign(""));
        Assert.Throws<ArgumentException>(() => new NoteSigner("two words", key));
        Assert.Throws<ArgumentOutOfRangeException>(() => signer.Cosign(CheckpointBody.Parse(CheckpointVectors.Checkpoint("1").Text("body")), (ulong)long.MaxValue + 1));
    }

    [Fact]
    public void SignNote_AnyText_VerifiesWithTheSignersKeyOnly()
    {
        using var key = CheckpointVectors.LogSigningKey();
        var signer = new NoteSigner("example.org/notes", key);
        var note = signer.SignNote("Ognuno sta solo sul cuor della terra\n\ned è subito sera.\n");
        Assert.True(note.Verify([signer.VerifierKey]).IsValid);
        Assert.False(note.Verify([signer.CosignerKey]).IsValid);
        Assert.Equal("Ognuno sta solo sul cuor della terra\n\ned è subito sera.\n", SignedNote.Parse(note.ToString()).Text);
    }
}
