using System.Text;
using CreatorLedger.Transparency;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary>tlog-proof: the vector file parsed, written back byte for byte and verified; malformed proofs refused.</summary>
public sealed class TlogProofTests
{
    private static byte[] FileBytes => File.ReadAllBytes(CheckpointVectors.File("index-4-size-12.tlog-proof"));

    private static byte[] LeafHash(long index) => CheckpointVectors.LedgerLeafHashes()[index];

    private static TrustPolicy Policy(string quorum = "w1", string extra = "") => TrustPolicy.Parse(
        $"log {CheckpointVectors.LogKey}\nwitness w1 {CheckpointVectors.WitnessKey}\n{extra}quorum {quorum}\n");

    [Fact]
    public void Parse_VectorFile_WritesBackByteForByte()
    {
        var proof = TlogProof.Parse(FileBytes);
        Assert.Equal(FileBytes, proof.ToBytes());
        Assert.Equal(Encoding.UTF8.GetString(FileBytes), proof.ToString());
        Assert.Equal(CheckpointVectors.Proofs.GetProperty("tlogProof").Text("text"), proof.Format());
    }

    [Fact]
    public void Parse_VectorFile_HoldsTheIndexTheProofAndTheCosignedCheckpoint()
    {
        var proof = TlogProof.Parse(FileBytes);
        var described = CheckpointVectors.Proofs.GetProperty("tlogProof");
        Assert.Equal(described.GetProperty("index").GetInt64(), proof.Index);
        Assert.False(proof.HasExtra);
        Assert.True(proof.Extra.IsEmpty);
        var inclusion = CheckpointVectors.Proofs.GetProperty("inclusion").EnumerateArray()
            .Single(p => p.GetProperty("treeSize").GetInt64() == 12 && p.GetProperty("index").GetInt64() == 4);
        Assert.Equal(inclusion.GetProperty("proof").EnumerateArray().Select(h => h.GetString()), proof.Hashes.Select(Convert.ToHexStringLower));
        Assert.Equal(CheckpointVectors.Checkpoint("12").Text("cosignedNote"), proof.Note.ToString());
        Assert.Equal(12, proof.Checkpoint.Size);
        Assert.Equal(described.Text("leafHashHex"), Convert.ToHexStringLower(LeafHash(4)));
    }

    [Fact]
    public void Constructor_VectorParts_FormatTheVectorFile()
    {
        var parsed = TlogProof.Parse(FileBytes);
        var built = new TlogProof(4, parsed.Hashes, SignedNote.Parse(CheckpointVectors.Checkpoint("12").Text("cosignedNote")));
        Assert.Equal(FileBytes, built.ToBytes());
    }

    [Fact]
    public void Verify_VectorFileWithTheLogKey_Holds()
    {
        var result = TlogProof.Parse(FileBytes).Verify(LeafHash(4), [CheckpointVectors.LogKey]);
        Assert.True(result.IsValid, result.Problem);
        Assert.Single(result.Signatures.Unknown);
    }

    [Fact]
    public void Verify_VectorFileUnderAPolicy_HoldsWithTheWitnessQuorum()
    {
        var proof = TlogProof.Parse(FileBytes);
        var result = proof.Verify(LeafHash(4), Policy());
        Assert.True(result.IsValid, result.Problem);
        Assert.Equal([CheckpointVectors.LogKey, CheckpointVectors.WitnessKey], result.Signatures.Verified);
        Assert.True(proof.Verify(LeafHash(4), Policy("none")).IsValid);
    }

    [Fact]
    public void Verify_QuorumNotMet_IsRefused()
    {
        var second = CheckpointVectors.TestWitness("w2");
        var result = TlogProof.Parse(FileBytes).Verify(LeafHash(4), Policy("both", $"witness w2 {second}\ngroup both all w1 w2\n"));
        Assert.False(result.IsValid);
        Assert.Contains("quorum", result.Problem);
    }

    [Fact]
    public void Verify_WrongLeafOrIndexOrKeys_IsRefused()
    {
        var proof = TlogProof.Parse(FileBytes);
        Assert.Contains("inclusion proof", proof.Verify(LeafHash(5), [CheckpointVectors.LogKey]).Problem);
        Assert.Contains("inclusion proof", proof.Verify(LeafHash(4)[..31], [CheckpointVectors.LogKey]).Problem);
        var moved = new TlogProof(5, proof.Hashes, proof.Note);
        Assert.False(moved.Verify(LeafHash(4), [CheckpointVectors.LogKey]).IsValid);
        Assert.Contains("no log key", proof.Verify(LeafHash(4), [CheckpointVectors.WitnessKey]).Problem);
        Assert.Contains("no log key", proof.Verify(LeafHash(4), []).Problem);
        // A log key named otherwise than the origin does not vouch for it.
        using var key = CheckpointVectors.LogSigningKey();
        var renamed = new NoteSigner("example.org/elsewhere", key);
        var note = renamed.SignNote(proof.Note.Text);
        Assert.Contains("no log key", new TlogProof(4, proof.Hashes, note).Verify(LeafHash(4), [renamed.VerifierKey]).Problem);
        Assert.Contains("trusts no log", proof.Verify(LeafHash(4), TrustPolicy.Parse($"log {renamed.VerifierKey}\nquorum none\n")).Problem);
    }

    [Fact]
    public void Verify_BadCosignature_RejectsUnderAPolicyThatKnowsTheWitness()
    {
        var proof = TlogProof.Parse(FileBytes);
        var tampered = new TlogProof(4, proof.Hashes, SignedNote.Parse(CheckpointVectors.Bad("cosignature-timestamp-changed").Text("note")));
        var result = tampered.Verify(LeafHash(4), Policy());
        Assert.False(result.IsValid);
        Assert.Equal([CheckpointVectors.WitnessKey], result.Signatures.Failed);
    }

    [Fact]
    public void Parse_ExtraLine_RoundTrips()
    {
        var proof = TlogProof.Parse(FileBytes);
        var withExtra = new TlogProof(proof.Index, proof.Hashes, proof.Note, "age-v1.2.1"u8);
        var text = withExtra.Format();
        Assert.StartsWith("c2sp.org/tlog-proof@v1\nextra YWdlLXYxLjIuMQ==\nindex 4\n", text);
        var parsed = TlogProof.Parse(text);
        Assert.True(parsed.HasExtra);
        Assert.Equal("age-v1.2.1"u8.ToArray(), parsed.Extra.ToArray());
        Assert.Equal(text, parsed.Format());
    }

    [Fact]
    public void Parse_EmptyProof_IsASizeOneTree()
    {
        using var key = CheckpointVectors.LogSigningKey();
        var note = new NoteSigner(CheckpointVectors.LogName, key).SignNote(CheckpointVectors.Checkpoint("1").Text("body"));
        var text = "c2sp.org/tlog-proof@v1\nindex 0\n\n" + note;
        var proof = TlogProof.Parse(text);
        Assert.Empty(proof.Hashes);
        Assert.Equal(text, proof.Format());
        Assert.True(proof.Verify(LeafHash(0), [CheckpointVectors.LogKey]).IsValid);
    }

    public static TheoryData<string, string> Malformed()
    {
        var file = Encoding.UTF8.GetString(File.ReadAllBytes(CheckpointVectors.File("index-4-size-12.tlog-proof")));
        var note = file[(file.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];
        return new TheoryData<string, string>
        {
            { "", "first line" },
            { file.Replace("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2"), "first line" },
            { file.Replace("index 4", "index 04"), "leading zeroes" },
            { file.Replace("index 4", "index -4"), "leading zeroes" },
            { file.Replace("index 4", "index  4"), "leading zeroes" },
            { file.Replace("index 4", "Index 4"), "no 'index <n>' line" },
            { file.Replace("index 4\n", ""), "no 'index <n>' line" },
            { file.Replace("index 4", "extra !!\nindex 4"), "extra line" },
            { file.Replace("index 4", "extra \nindex 4"), "extra line" },
            { file.Replace("oPINxYsugQFt1SjumEeCSlHFHYRKmPQ1HZ3h2E6GFT0=", "oPINxYsugQFt1SjumEeCSlHFHYRKmPQ1HZ3h2E6GFT0"), "proof line 1" },
            { file.Replace("oPINxYsugQFt1SjumEeCSlHFHYRKmPQ1HZ3h2E6GFT0=", "oPINxYsugQFt1SjumEeCSlHFHYRKmPQ1HZ3h2E6G"), "proof line 1" },
            { file.Replace("LqSqe00rZszZ+fB7bAu0x+Dr1RlG22uMipdMr9Zl9lY=\n\n", "LqSqe00rZszZ+fB7bAu0x+Dr1RlG22uMipdMr9Zl9lY=\n"), "proof line 5" },
            { "c2sp.org/tlog-proof@v1\nindex 4\n" + string.Concat(Enumerable.Repeat("oPINxYsugQFt1SjumEeCSlHFHYRKmPQ1HZ3h2E6GFT0=\n", 64)) + "\n" + note, "more than 63" },
            { "c2sp.org/tlog-proof@v1\nindex 4\noPINxYsugQFt1SjumEeCSlHFHYRKmPQ1HZ3h2E6GFT0=", "no blank line" },
            { file.TrimEnd('\n'), "the checkpoint note: the note does not end in a newline" },
            { file.Replace("\n12\n", "\ntwelve\n"), "the checkpoint: the size line" },
            { "c2sp.org/tlog-proof@v1\nindex 0\n\nhello\n\n\u2014 a AAAAAAA=\n", "the checkpoint: fewer than three lines" },
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_MalformedProof_IsRefusedSayingWhy(string text, string problem)
    {
        Assert.False(TlogProof.TryParse(text, out var proof, out var why));
        Assert.Null(proof);
        Assert.Contains(problem, why);
        Assert.Throws<FormatException>(() => TlogProof.Parse(text));
    }
}
