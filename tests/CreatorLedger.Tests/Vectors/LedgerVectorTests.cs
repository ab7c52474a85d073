using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Xunit;

namespace CreatorLedger.Tests.Vectors;

public sealed class LedgerVectorTests
{
    [Fact]
    public void Parse_EveryVectorLine_ReproducesCanonicalFormAndId()
    {
        var lines = VectorLedger.Lines;
        var expected = VectorLedger.Events.ToArray();
        Assert.Equal(expected.Length, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            var e = SignedEvent.Parse(Encoding.UTF8.GetBytes(lines[i]));
            var canonical = expected[i].GetProperty("canonical").GetString()!;
            Assert.Equal("CreatorLedger/v1\n" + canonical, Encoding.UTF8.GetString(e.SignedBytes));
            Assert.Equal(expected[i].GetProperty("id").GetString(), e.Id.Hex);
            Assert.Equal(expected[i].GetProperty("seq").GetInt64(), e.Seq);
            Assert.True(e.HasValidSignature(), $"line {i + 1} must verify");
        }
    }

    [Fact]
    public void Checkpoints_AfterEachPrefix_MatchTheIndependentImplementation()
    {
        var ids = VectorLedger.Lines.Select(l => SignedEvent.Parse(Encoding.UTF8.GetBytes(l)).Id).ToArray();
        foreach (var (size, checkpoint) in VectorLedger.Checkpoints)
            Assert.Equal(checkpoint, MerkleTree.CheckpointOf(ids.Take((int)size)).ToString());
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("alice-2")]
    [InlineData("bob")]
    [InlineData("dana")]
    public void Seed_DerivesTheVectorDid(string label)
    {
        using var key = SigningKey.FromSeed(VectorLedger.Seed(label));
        Assert.Equal(VectorLedger.Did(label), key.Id.Value);
    }

    [Fact]
    public void Resigning_EveryVectorEnvelope_GivesTheSameSignatureByteForByte()
    {
        var keys = new[] { "alice", "alice-2", "bob", "dana" }.ToDictionary(VectorLedger.Did, l => SigningKey.FromSeed(VectorLedger.Seed(l)));
        foreach (var line in VectorLedger.Lines)
        {
            var e = SignedEvent.Parse(Encoding.UTF8.GetBytes(line));
            var signature = keys[e.Key.Value].Sign(e.SignedBytes);
            Assert.Equal(e.Signature.ToArray(), signature);
        }
        foreach (var key in keys.Values) key.Dispose();
    }
}
