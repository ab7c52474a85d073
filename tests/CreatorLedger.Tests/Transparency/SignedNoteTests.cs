using System.Text;
using CreatorLedger.Transparency;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary>signed-note parsing (every rule of the format) and verification (known, failing and unknown keys).</summary>
public sealed class SignedNoteTests
{
    public static TheoryData<string> Sizes() => new(CheckpointVectors.Sizes);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Parse_VectorNotes_FormatBackByteForByte(string size)
    {
        var vector = CheckpointVectors.Checkpoint(size);
        foreach (var property in new[] { "signedNote", "cosignedNote" })
        {
            var text = vector.Text(property);
            var note = SignedNote.Parse(text);
            Assert.Equal(vector.Text("body"), note.Text);
            Assert.Equal(text, note.ToString());
            Assert.Equal(Encoding.UTF8.GetBytes(text), note.ToBytes());
            Assert.Equal(text, SignedNote.Parse(Encoding.UTF8.GetBytes(text)).ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Verify_VectorCosignedNote_IsVerifiedByTheLogAndTheWitness(string size)
    {
        var note = SignedNote.Parse(CheckpointVectors.Checkpoint(size).Text("cosignedNote"));
        var result = note.Verify([CheckpointVectors.LogKey, CheckpointVectors.WitnessKey]);
        Assert.True(result.IsValid);
        Assert.Null(result.Problem);
        Assert.Equal([CheckpointVectors.LogKey, CheckpointVectors.WitnessKey], result.Verified);
        Assert.Empty(result.Failed);
        Assert.Empty(result.Unknown);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Verify_LogKeyOnly_IgnoresTheCosignature(string size)
    {
        var note = SignedNote.Parse(CheckpointVectors.Checkpoint(size).Text("cosignedNote"));
        var result = note.Verify([CheckpointVectors.LogKey]);
        Assert.True(result.IsValid);
        Assert.Equal([CheckpointVectors.LogKey], result.Verified);
        Assert.Equal(CheckpointVectors.WitnessName, Assert.Single(result.Unknown).Name);
    }

    [Fact]
    public void Verify_SpecExample_IsValid()
    {
        var key = NoteVerifierKey.Parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
        var note = SignedNote.Parse("This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n");
        Assert.True(note.Verify([key]).IsValid);
    }

    [Fact]
    public void Verify_BadVectorRootChanged_IsRefusedByTheFailingKnownKey()
    {
        var bad = CheckpointVectors.Bad("note-root-byte-changed");
        var result = SignedNote.Parse(bad.Text("note")).Verify(bad.GetProperty("vkeys").EnumerateArray().Select(v => NoteVerifierKey.Parse(v.GetString()!)));
        Assert.False(result.IsValid);
        Assert.Equal([CheckpointVectors.LogKey], result.Failed);
        Assert.Contains("does not verify", result.Problem);
    }

    [Fact]
    public void Verify_BadVectorSameNameOtherKey_IsRefusedAsUnknown()
    {
        var bad = CheckpointVectors.Bad("note-unknown-key-same-name");
        var result = SignedNote.Parse(bad.Text("note")).Verify(bad.GetProperty("vkeys").EnumerateArray().Select(v => NoteVerifierKey.Parse(v.GetString()!)));
        Assert.False(result.IsValid);
        Assert.Empty(result.Failed);
        Assert.Empty(result.Verified);
        Assert.Single(result.Unknown);
        Assert.Equal("no signature by a known key", result.Problem);
        // The impostor's own key does open it: the note is well formed, only not from the configured log.
        Assert.True(SignedNote.Parse(bad.Text("note")).Verify([NoteVerifierKey.Parse(bad.GetProperty("otherKey").Text("vkey"))]).IsValid);
    }

    [Fact]
    public void Verify_BadVectorCosignatureTimestampChanged_RejectsTheNoteButTheLogAloneOpensIt()
    {
        var bad = CheckpointVectors.Bad("cosignature-timestamp-changed");
        var note = SignedNote.Parse(bad.Text("note"));
        var withWitness = note.Verify([CheckpointVectors.LogKey, CheckpointVectors.WitnessKey]);
        Assert.False(withWitness.IsValid);
        Assert.Equal([CheckpointVectors.WitnessKey], withWitness.Failed);
        Assert.False(withWitness.IsVerifiedBy(CheckpointVectors.WitnessKey));
        Assert.True(note.Verify([CheckpointVectors.LogKey]).IsValid);
    }

    [Fact]
    public void Verify_SameIdOtherName_IsUnknown()
    {
        var note = SignedNote.Parse(CheckpointVectors.Checkpoint("12").Text("signedNote"));
        var signature = note.Signatures[0];
        var renamed = SignedNote.Create(note.Text, new NoteSignature("example.org/other", signature.KeyId, signature.Signature));
        var result = renamed.Verify([CheckpointVectors.LogKey]);
        Assert.False(result.IsValid);
        Assert.Single(result.Unknown);
    }

    [Fact]
    public void Verify_OneGoodOneBadByTheSameKey_IsRefused()
    {
        var note = SignedNote.Parse(CheckpointVectors.Checkpoint("12").Text("signedNote"));
        var good = note.Signatures[0];
        var broken = good.Signature.ToArray();
        broken[0] ^= 1;
        var result = note.WithSignature(new NoteSignature(good.Name, good.KeyId, broken)).Verify([CheckpointVectors.LogKey]);
        Assert.False(result.IsValid);
        Assert.Equal([CheckpointVectors.LogKey], result.Failed);
    }

    [Fact]
    public void Verify_WrongLengthSignatureByAKnownKey_FailsWithoutThrowing()
    {
        var note = SignedNote.Parse(CheckpointVectors.Checkpoint("12").Text("signedNote"));
        var result = SignedNote.Create(note.Text, new NoteSignature(CheckpointVectors.LogName, CheckpointVectors.LogKey.KeyId, [1, 2, 3])).Verify([CheckpointVectors.LogKey]);
        Assert.Equal([CheckpointVectors.LogKey], result.Failed);
    }

    private const string Sig = "\u2014 example.org/creatorledger-vectors 2ZVMsimVT8YIMe1L7Wku3Zh04azk4xk2OWyoNIKVo14tYCUWKz0XVp5NDm9Nq81xOY4Vx+a06xFwD4ppg874Xi02bwg=\n";

    public static TheoryData<string, string> Malformed => new()
    {
        { "", "empty" },
        { "text\n\n" + Sig.TrimEnd('\n'), "does not end in a newline" },
        { "text\n" + Sig, "no blank line" },
        { "text\n\n", "no signature lines" },
        { "text\n\n\n", "no signature lines" },
        { "te\rxt\n\n" + Sig, "control character U+000D" },
        { "te\txt\n\n" + Sig, "control character U+0009" },
        { "te\0xt\n\n" + Sig, "control character U+0000" },
        { "te\u001bxt\n\n" + Sig, "control character U+001B" },
        { "text\n\n" + Sig.Replace("\u2014", "-"), "em dash" },
        { "text\n\n" + Sig.Replace("\u2014 ", "\u2014"), "em dash" },
        { "text\n\n" + Sig.Replace("vectors ", "vectors"), "no space" },
        { "text\n\n" + Sig.Replace("vectors ", "vectors  "), "base64" },
        { "text\n\n" + Sig.Replace("example.org/creatorledger-vectors", "a+b"), "'+'" },
        { "text\n\n" + Sig.Replace("example.org/creatorledger-vectors", "a\u00a0b"), "space" },
        { "text\n\n" + Sig.Replace("bwg=", "bwg"), "base64" },
        { "text\n\n" + Sig.Replace("bwg=", "bwh="), "base64" },
        { "text\n\n" + Sig + "\n", "no signature lines" },
        { "text\n\n\u2014 a AAAA\n", "shorter than a key id" },
        { "text\n\n\u2014  AAAAAAA=\n", "key name is empty" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_MalformedNote_IsRefusedSayingWhy(string text, string problem)
    {
        Assert.False(SignedNote.TryParse(text, out var note, out var why));
        Assert.Null(note);
        Assert.Contains(problem, why);
        Assert.Throws<FormatException>(() => SignedNote.Parse(text));
    }

    [Fact]
    public void TryParse_LoneSurrogate_IsRefused()
    {
        // Kept out of the theory data: a lone surrogate does not survive the test runner's serialization.
        Assert.False(SignedNote.TryParse("text\ud800\n\n" + Sig, out _, out var why));
        Assert.Contains("not valid Unicode", why);
    }

    [Fact]
    public void TryParse_InvalidUtf8_IsRefused()
    {
        byte[] bytes = [.. "te"u8, 0xff, .. "xt\n\n"u8, .. Encoding.UTF8.GetBytes(Sig)];
        Assert.False(SignedNote.TryParse(bytes, out _, out var why));
        Assert.Equal("not valid UTF-8", why);
        byte[] overlong = [.. "te"u8, 0xc0, 0xaf, .. "xt\n\n"u8, .. Encoding.UTF8.GetBytes(Sig)];
        Assert.False(SignedNote.TryParse(overlong, out _, out _));
    }

    [Fact]
    public void TryParse_HundredSignatures_IsAcceptedAndHundredAndOneRefused()
    {
        var hundred = "text\n\n" + string.Concat(Enumerable.Repeat(Sig, 100));
        Assert.True(SignedNote.TryParse(hundred, out var note, out _));
        Assert.Equal(100, note.Signatures.Count);
        Assert.Equal(hundred, note.ToString());
        Assert.Throws<InvalidOperationException>(() => note.WithSignature(note.Signatures[0]));
        Assert.False(SignedNote.TryParse(hundred + Sig, out _, out var why));
        Assert.Contains("more than 100 signatures", why);
    }

    [Fact]
    public void TryParse_TextWithBlankLines_SplitsAtTheLastBlankLine()
    {
        var text = "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n";
        var message = text + "\n\u2014 quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n";
        var note = SignedNote.Parse(message);
        Assert.Equal(text, note.Text);
        Assert.Equal("quasimodo.example/salvatore", Assert.Single(note.Signatures).Name);
        Assert.Equal(message, note.ToString());
    }

    [Fact]
    public void Create_NotNoteText_Throws()
    {
        var signature = NoteSignature.Parse(Sig);
        Assert.Throws<ArgumentException>(() => SignedNote.Create("no newline", signature));
        Assert.Throws<ArgumentException>(() => SignedNote.Create("text\n", Array.Empty<NoteSignature>()));
        Assert.Throws<ArgumentException>(() => SignedNote.Create("text\n", Enumerable.Repeat(signature, 101)));
    }

    [Fact]
    public void NoteSignature_ParsedLine_FormatsBackWithItsNewline()
    {
        var signature = NoteSignature.Parse(Sig);
        Assert.Equal(CheckpointVectors.LogName, signature.Name);
        Assert.Equal(CheckpointVectors.LogKey.KeyId, signature.KeyId);
        Assert.Equal(64, signature.Signature.Length);
        Assert.Equal(Sig, signature.ToString());
        Assert.Equal(Sig, NoteSignature.Parse(Sig.TrimEnd('\n')).ToString());
    }
}
