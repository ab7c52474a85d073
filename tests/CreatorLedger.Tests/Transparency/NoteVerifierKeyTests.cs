using System.Text.Json;
using CreatorLedger.Transparency;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary>signed-note verifier keys: the vectors' vkeys, the spec's example, and malformed ones refused.</summary>
public sealed class NoteVerifierKeyTests
{
    public static TheoryData<string> VectorKeys => new() { "log", "witness", "impostor" };

    private static JsonElement Described(string which) => which == "impostor"
        ? CheckpointVectors.Bad("note-unknown-key-same-name").GetProperty("otherKey")
        : CheckpointVectors.Checkpoints.GetProperty(which);

    [Theory]
    [MemberData(nameof(VectorKeys))]
    public void Parse_VectorVkey_GivesItsNameIdTypeAndKey(string which)
    {
        var described = Described(which);
        var key = NoteVerifierKey.Parse(described.Text("vkey"));
        Assert.Equal(described.Text("name"), key.Name);
        Assert.Equal(described.Text("keyIdHex"), key.KeyIdHex);
        Assert.Equal(Convert.ToUInt32(described.Text("keyIdHex"), 16), key.KeyId);
        Assert.Equal(described.GetProperty("signatureType").GetInt32(), key.SignatureType);
        Assert.Equal(described.Text("publicKeyHex"), Convert.ToHexStringLower(key.PublicKey));
        Assert.Equal(described.Text("vkey"), key.ToString());
    }

    [Theory]
    [MemberData(nameof(VectorKeys))]
    public void Create_VectorPublicKey_GivesTheVectorVkey(string which)
    {
        var described = Described(which);
        var publicKey = described.Hex("publicKeyHex");
        var key = described.GetProperty("signatureType").GetInt32() == 1
            ? NoteVerifierKey.ForLog(described.Text("name"), publicKey)
            : NoteVerifierKey.ForWitness(described.Text("name"), publicKey);
        Assert.Equal(described.Text("vkey"), key.ToString());
        Assert.Equal(NoteVerifierKey.Parse(described.Text("vkey")), key);
    }

    [Fact]
    public void Parse_SpecExample_IsAnEd25519Key()
    {
        var key = NoteVerifierKey.Parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
        Assert.Equal("example.com/foo", key.Name);
        Assert.Equal(0x530d903au, key.KeyId);
        Assert.Equal(NoteVerifierKey.Ed25519Type, key.SignatureType);
    }

    [Fact]
    public void ForLogAndForWitness_SameKey_HaveDifferentIds()
    {
        var publicKey = CheckpointVectors.LogKey.PublicKey.ToArray();
        var log = NoteVerifierKey.ForLog("example.org/x", publicKey);
        var witness = NoteVerifierKey.ForWitness("example.org/x", publicKey);
        Assert.NotEqual(log.KeyId, witness.KeyId);
        Assert.NotEqual(log, witness);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "example.org/creatorledger-vectors+d9954cb2", "expected <name>+<hex key id>+<base64 key>" },
        { "example.org/creatorledger-vectors", "expected <name>+<hex key id>+<base64 key>" },
        { "+d9954cb2+AXAETDXYEYHq0VDaDc1htGqsq97+jq7bjz6Y+B21ihS3", "empty" },
        { "example.org/creatorledger-vectors+D9954CB2+AXAETDXYEYHq0VDaDc1htGqsq97+jq7bjz6Y+B21ihS3", "8 lowercase hex digits" },
        { "example.org/creatorledger-vectors+9954cb2+AXAETDXYEYHq0VDaDc1htGqsq97+jq7bjz6Y+B21ihS3", "8 lowercase hex digits" },
        { "example.org/creatorledger-vectors+d9954cb3+AXAETDXYEYHq0VDaDc1htGqsq97+jq7bjz6Y+B21ihS3", "does not match" },
        { "example.org/creatorledger+vectors+d9954cb2+AXAETDXYEYHq0VDaDc1htGqsq97+jq7bjz6Y+B21ihS3", "8 lowercase hex digits" },
        { "example.org/creatorledger-vectors+d9954cb2+AXAETDXYEYHq0VDaDc1htGqsq97+jq7bjz6Y+B21ihS", "base64" },
        { "example.org/creatorledger-vectors+d9954cb2+AXAETDXYEYHq0VDaDc1htGqsq97+jq7bjz6Y+B21ihS3 ", "base64" },
        { "example.org/creatorledger-vectors+d9954cb2+AnAETDXYEYHq0VDaDc1htGqsq97+jq7bjz6Y+B21ihS3", "0x02 is not supported" },
        { "example.org/creatorledger-vectors+d9954cb2+AXAETDXYEYHq0VDaDc1htGqsq97+jq7bjz6Y+B21ihQ=", "32 bytes" },
        { "example.org/creatorledger vectors+d9954cb2+AXAETDXYEYHq0VDaDc1htGqsq97+jq7bjz6Y+B21ihS3", "space" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_MalformedVkey_IsRefusedSayingWhy(string text, string problem)
    {
        Assert.False(NoteVerifierKey.TryParse(text, out var key, out var why));
        Assert.Null(key);
        Assert.Contains(problem, why);
        Assert.Throws<FormatException>(() => NoteVerifierKey.Parse(text));
    }

    [Fact]
    public void Create_BadArguments_Throw()
    {
        var publicKey = CheckpointVectors.LogKey.PublicKey.ToArray();
        Assert.Throws<ArgumentException>(() => NoteVerifierKey.ForLog("a b", publicKey));
        Assert.Throws<ArgumentException>(() => NoteVerifierKey.ForLog("a+b", publicKey));
        Assert.Throws<ArgumentException>(() => NoteVerifierKey.ForLog("", publicKey));
        Assert.Throws<ArgumentException>(() => NoteVerifierKey.ForLog("a", publicKey[..31]));
        Assert.Throws<ArgumentOutOfRangeException>(() => NoteVerifierKey.Create("a", 0x02, publicKey));
    }
}
