using System.Security.Cryptography;
using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Ledger;
using Xunit;

namespace CreatorLedger.Tests.Ledger;

/// <summary>The RFC 9162 root kept incrementally, persisted with the head, and written as a checkpoint.</summary>
public sealed class MerkleTreeTests
{
    private static readonly EventId[] Ids = Enumerable.Range(0, 70)
        .Select(i => EventId.FromHash(SHA256.HashData(Encoding.UTF8.GetBytes($"event {i}"))))
        .ToArray();

    /// <summary>RFC 9162 §2.1.1 written out recursively, as a reference for the incremental tree.</summary>
    private static byte[] Mth(ReadOnlySpan<EventId> ids)
    {
        if (ids.Length == 0) return SHA256.HashData([]);
        if (ids.Length == 1) return SHA256.HashData([0x00, .. ids[0].ToBytes()]);
        int k = 1;
        while (k * 2 < ids.Length) k *= 2;
        return SHA256.HashData([0x01, .. Mth(ids[..k]), .. Mth(ids[k..])]);
    }

    [Fact]
    public void Root_EverySizeUpTo70_IsTheRfc9162TreeHash()
    {
        var tree = new MerkleTree();
        for (int n = 0; n <= Ids.Length; n++)
        {
            if (n > 0) tree.Append(Ids[n - 1]);
            Assert.Equal(n, tree.Size);
            Assert.Equal(Convert.ToHexStringLower(Mth(Ids.AsSpan(0, n))), tree.Root);
            Assert.Equal(tree.Checkpoint, MerkleTree.CheckpointOf(Ids.Take(n)));
        }
    }

    [Fact]
    public void Load_SavedFrontierOfEverySize_GivesTheSameRootAndKeepsGrowingTheSame()
    {
        var tree = new MerkleTree();
        for (int n = 0; n <= Ids.Length; n++)
        {
            if (n > 0) tree.Append(Ids[n - 1]);
            var loaded = MerkleTree.Load(tree.Save());
            Assert.Equal(MerkleTree.CheckpointOf(Ids.Take(n)), loaded.Checkpoint);
            foreach (var id in Ids.Skip(n)) loaded.Append(id);
            Assert.Equal(MerkleTree.CheckpointOf(Ids), loaded.Checkpoint);
        }
    }

    [Fact]
    public void Load_DamagedFrontier_IsRefused()
    {
        var tree = new MerkleTree();
        foreach (var id in Ids.Take(5)) tree.Append(id); // frontier: a tree of 4 and one leaf
        var saved = tree.Save();
        Assert.Throws<FormatException>(() => MerkleTree.Load(saved.AsSpan(0, 7)));
        Assert.Throws<FormatException>(() => MerkleTree.Load(saved.AsSpan(0, saved.Length - 1)));
        var wrongSize = (byte[])saved.Clone();
        wrongSize[0] = 6;
        Assert.Throws<FormatException>(() => MerkleTree.Load(wrongSize));
    }

    [Fact]
    public void Empty_IsSizeZeroWithTheHashOfNothing()
    {
        Assert.Equal("0:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Checkpoint.Empty.ToString());
        Assert.Equal(Checkpoint.Empty, new MerkleTree().Checkpoint);
    }

    [Fact]
    public void Parse_WrittenCheckpoint_RoundTrips()
    {
        var checkpoint = MerkleTree.CheckpointOf(Ids);
        var text = checkpoint.ToString();
        Assert.StartsWith("70:", text);
        Assert.Equal(checkpoint, Checkpoint.Parse(text));
        Assert.True(Checkpoint.TryParse("12:067d3ce1025571286e36fe4714a08af26ff64ab2095bd5ef32b6dd80081d982e", out var vector));
        Assert.Equal(12, vector.Size);
        Assert.Equal("067d3ce1025571286e36fe4714a08af26ff64ab2095bd5ef32b6dd80081d982e", vector.Root);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData(":067d3ce1025571286e36fe4714a08af26ff64ab2095bd5ef32b6dd80081d982e")]
    [InlineData("-1:067d3ce1025571286e36fe4714a08af26ff64ab2095bd5ef32b6dd80081d982e")]
    [InlineData("+1:067d3ce1025571286e36fe4714a08af26ff64ab2095bd5ef32b6dd80081d982e")]
    [InlineData(" 12:067d3ce1025571286e36fe4714a08af26ff64ab2095bd5ef32b6dd80081d982e")]
    [InlineData("1 2:067d3ce1025571286e36fe4714a08af26ff64ab2095bd5ef32b6dd80081d982e")]
    [InlineData("x:067d3ce1025571286e36fe4714a08af26ff64ab2095bd5ef32b6dd80081d982e")]
    [InlineData("99999999999999999999:067d3ce1025571286e36fe4714a08af26ff64ab2095bd5ef32b6dd80081d982e")]
    [InlineData("12:067D3CE1025571286E36FE4714A08AF26FF64AB2095BD5EF32B6DD80081D982E")]
    [InlineData("12:067d3ce1025571286e36fe4714a08af26ff64ab2095bd5ef32b6dd80081d982")]
    [InlineData("12:067d3ce1025571286e36fe4714a08af26ff64ab2095bd5ef32b6dd80081d982e ")]
    [InlineData("12:067d3ce1025571286e36fe4714a08af26ff64ab2095bd5ef32b6dd80081d982ee")]
    [InlineData("12:sha256:067d3ce1025571286e36fe4714a08af26ff64ab2095bd5ef32b6dd80081d982e")]
    public void TryParse_NotACheckpoint_IsRefused(string text)
    {
        Assert.False(Checkpoint.TryParse(text, out _));
        Assert.Throws<ArgumentException>(() => Checkpoint.Parse(text));
    }

    [Fact]
    public void TryParse_Null_IsRefused()
    {
        Assert.False(Checkpoint.TryParse(null, out _));
    }
}
