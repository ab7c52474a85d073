using CreatorLedger.Transparency;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary>tlog-checkpoint bodies: the vectors' bodies and the ledger's checkpoints, the spec's example, malformed bodies refused.</summary>
public sealed class CheckpointBodyTests
{
    public static TheoryData<string> Sizes() => new(CheckpointVectors.Sizes);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Parse_VectorBody_GivesOriginSizeRootAndTheLedgerCheckpoint(string size)
    {
        var vector = CheckpointVectors.Checkpoint(size);
        var body = CheckpointBody.Parse(vector.Text("body"));
        Assert.Equal(CheckpointVectors.Checkpoints.Text("origin"), body.Origin);
        Assert.Equal(vector.GetProperty("size").GetInt64(), body.Size);
        Assert.Equal(vector.Text("rootHex"), Convert.ToHexStringLower(body.Root));
        Assert.Empty(body.Extensions);
        Assert.Equal(Checkpoint.Parse(vector.Text("checkpoint")), body.ToCheckpoint());
        Assert.Equal(vector.Text("body"), body.Format());
        Assert.Equal(vector.Text("body"), CheckpointBody.FromCheckpoint(body.Origin, body.ToCheckpoint()).ToString());
    }

    [Fact]
    public void Parse_LedgerVectorCheckpoints_RoundTripThroughBodies()
    {
        foreach (var (size, text) in CreatorLedger.Tests.Vectors.VectorLedger.Checkpoints)
        {
            var checkpoint = Checkpoint.Parse(text);
            var body = CheckpointBody.FromCheckpoint("example.org/ledger", checkpoint);
            Assert.Equal(size, body.Size);
            Assert.Equal(checkpoint, CheckpointBody.Parse(body.Format()).ToCheckpoint());
        }
    }

    [Fact]
    public void Parse_SpecExample_GivesItsParts()
    {
        var body = CheckpointBody.Parse("example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
        Assert.Equal("example.com/behind-the-sofa", body.Origin);
        Assert.Equal(20852163, body.Size);
        Assert.Equal("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", Convert.ToBase64String(body.Root));
    }

    [Fact]
    public void Parse_ExtensionLines_AreKeptInOrder()
    {
        const string text = "example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nfirst extension\nsecond: x\n";
        var body = CheckpointBody.Parse(text);
        Assert.Equal(["first extension", "second: x"], body.Extensions);
        Assert.Equal(0, body.Size);
        Assert.Equal(text, body.Format());
        Assert.Equal(text, new CheckpointBody("example.com/log", 0, body.Root, ["first extension", "second: x"]).Format());
    }

    private const string Root = "tH7jNEaYKyphOkeOyQ2TufQs6cd6+Tx8hrj9f+m6LgM=";

    public static TheoryData<string, string> Malformed => new()
    {
        { "", "empty" },
        { $"o\n1\n{Root}", "does not end in a newline" },
        { "o\n1\n", "fewer than three lines" },
        { $"\n1\n{Root}\n", "origin line is empty" },
        { $"o\n01\n{Root}\n", "leading zeroes" },
        { $"o\n-1\n{Root}\n", "leading zeroes" },
        { $"o\n+1\n{Root}\n", "leading zeroes" },
        { $"o\n 1\n{Root}\n", "leading zeroes" },
        { $"o\n9223372036854775808\n{Root}\n", "leading zeroes" },
        { $"o\n\n{Root}\n", "leading zeroes" },
        { "o\n1\ntH7jNEaYKyphOkeOyQ2TufQs6cd6+Tx8hrj9f+m6Lg==\n", "32 bytes" },
        { "o\n1\ntH7jNEaYKyphOkeOyQ2TufQs6cd6+Tx8hrj9f+m6LgN=\n", "canonical base64" },
        { $"o\n1\n{Root.Replace('+', '-')}\n", "canonical base64" },
        { $"o\n1\n{Root}\n\n", "extension line 1 is empty" },
        { $"o\n1\n{Root}\next\n\n", "extension line 2 is empty" },
        { $"o\r\n1\n{Root}\n", "control character" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_MalformedBody_IsRefusedSayingWhy(string text, string problem)
    {
        Assert.False(CheckpointBody.TryParse(text, out var body, out var why));
        Assert.Null(body);
        Assert.Contains(problem, why);
        Assert.Throws<FormatException>(() => CheckpointBody.Parse(text));
    }

    [Fact]
    public void Constructor_BadParts_Throw()
    {
        var root = new byte[32];
        Assert.Throws<ArgumentException>(() => new CheckpointBody("", 1, root));
        Assert.Throws<ArgumentException>(() => new CheckpointBody("a\nb", 1, root));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckpointBody("o", -1, root));
        Assert.Throws<ArgumentException>(() => new CheckpointBody("o", 1, root[..31]));
        Assert.Throws<ArgumentException>(() => new CheckpointBody("o", 1, root, [""]));
    }
}
