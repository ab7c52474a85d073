using System.Security.Cryptography;
using System.Text.Json;
using CreatorLedger.Ledger;
using CreatorLedger.Transparency;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary>
/// RFC 9162 §2.1.3/§2.1.4 proofs: the vectors' proofs over the ledger-v1 events, the RFC's own examples, and every index and
/// every size pair up to 64 leaves against a plain recursive reading of the RFC's definitions.
/// </summary>
public sealed class MerkleProofsTests
{
    private const int MaxSize = 64;
    private static readonly byte[][] Leaves = Enumerable.Range(0, MaxSize).Select(i => MerkleProofs.LeafHash([(byte)i, (byte)(i * 7)])).ToArray();

    public static TheoryData<long, long> InclusionVectors()
    {
        var data = new TheoryData<long, long>();
        foreach (var p in CheckpointVectors.Proofs.GetProperty("inclusion").EnumerateArray())
            data.Add(p.GetProperty("treeSize").GetInt64(), p.GetProperty("index").GetInt64());
        return data;
    }

    public static TheoryData<long, long> ConsistencyVectors()
    {
        var data = new TheoryData<long, long>();
        foreach (var p in CheckpointVectors.Proofs.GetProperty("consistency").EnumerateArray())
            data.Add(p.GetProperty("first").GetInt64(), p.GetProperty("second").GetInt64());
        return data;
    }

    [Fact]
    public void LeafHash_LedgerEventIds_AreTheVectorLeafHashes()
    {
        var leaves = CheckpointVectors.LedgerLeafHashes();
        var expected = CheckpointVectors.Proofs.GetProperty("leaves").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, leaves.Length);
        for (int i = 0; i < leaves.Length; i++)
        {
            Assert.Equal(i, expected[i].GetProperty("index").GetInt32());
            Assert.Equal(expected[i].Text("leafHashHex"), Convert.ToHexStringLower(leaves[i]));
        }
    }

    [Fact]
    public void SubtreeHash_EveryVectorSize_IsTheVectorRootAndTheLedgerRoot()
    {
        var leaves = CheckpointVectors.LedgerLeafHashes();
        var ids = CreatorLedger.Tests.Vectors.VectorLedger.Events.OrderBy(e => e.GetProperty("position").GetInt64()).Select(e => EventId.Parse(e.Text("id"))).ToArray();
        foreach (var root in CheckpointVectors.Proofs.GetProperty("roots").EnumerateObject())
        {
            var size = int.Parse(root.Name);
            var hash = Convert.ToHexStringLower(MerkleProofs.SubtreeHash(leaves, new TreeRange(0, size)));
            Assert.Equal(root.Value.GetString(), hash);
            Assert.Equal(MerkleTree.CheckpointOf(ids.Take(size)).Root, hash);
        }
        Assert.Equal(Checkpoint.EmptyRoot, Convert.ToHexStringLower(MerkleProofs.EmptyRoot()));
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void InclusionPath_VectorProof_HashesToTheVectorProof(long size, long index)
    {
        var vector = Inclusion(size, index);
        var leaves = CheckpointVectors.LedgerLeafHashes();
        var hashes = MerkleProofs.InclusionPath(index, size).Select(r => Convert.ToHexStringLower(MerkleProofs.SubtreeHash(leaves, r)));
        Assert.Equal(vector.GetProperty("proof").EnumerateArray().Select(h => h.GetString()), hashes);
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void VerifyInclusion_VectorProof_Holds(long size, long index)
    {
        var vector = Inclusion(size, index);
        var leaf = CheckpointVectors.LedgerLeafHashes()[index];
        Assert.Equal(vector.Text("leafHashHex"), Convert.ToHexStringLower(leaf));
        Assert.True(MerkleProofs.VerifyInclusion(index, size, leaf, HexList(vector.GetProperty("proof")), vector.Hex("rootHex")));
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void ConsistencyPath_VectorProof_HashesToTheVectorProof(long first, long second)
    {
        var vector = Consistency(first, second);
        var leaves = CheckpointVectors.LedgerLeafHashes();
        var hashes = MerkleProofs.ConsistencyPath(first, second).Select(r => Convert.ToHexStringLower(MerkleProofs.SubtreeHash(leaves, r)));
        Assert.Equal(vector.GetProperty("proof").EnumerateArray().Select(h => h.GetString()), hashes);
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void VerifyConsistency_VectorProof_Holds(long first, long second)
    {
        var vector = Consistency(first, second);
        Assert.True(MerkleProofs.VerifyConsistency(first, second, vector.Hex("firstRootHex"), vector.Hex("secondRootHex"), HexList(vector.GetProperty("proof"))));
    }

    [Fact]
    public void VerifyInclusion_BadVector_IsRefused()
    {
        var bad = CheckpointVectors.Bad("inclusion-hash-changed");
        Assert.False(MerkleProofs.VerifyInclusion(bad.GetProperty("index").GetInt64(), bad.GetProperty("treeSize").GetInt64(),
            bad.Hex("leafHashHex"), HexList(bad.GetProperty("proof")), bad.Hex("rootHex")));
    }

    [Fact]
    public void VerifyConsistency_BadVector_IsRefused()
    {
        var bad = CheckpointVectors.Bad("consistency-hash-dropped");
        Assert.False(MerkleProofs.VerifyConsistency(bad.GetProperty("first").GetInt64(), bad.GetProperty("second").GetInt64(),
            bad.Hex("firstRootHex"), bad.Hex("secondRootHex"), HexList(bad.GetProperty("proof"))));
    }

    // RFC 9162 §2.1.5's seven-leaf examples (a..l named there), as leaf ranges.
    public static TheoryData<long, string> RfcInclusionExamples => new()
    {
        { 0, "1-2 2-4 4-7" }, // [b, h, l]
        { 3, "2-3 0-2 4-7" }, // [c, g, l]
        { 4, "5-6 6-7 0-4" }, // [f, j, k]
        { 6, "4-6 0-4" },     // [i, k]
    };

    public static TheoryData<long, string> RfcConsistencyExamples => new()
    {
        { 3, "2-3 3-4 0-2 4-7" }, // [c, d, g, l]
        { 4, "4-7" },             // [l]
        { 6, "4-6 6-7 0-4" },     // [i, j, k]
        { 7, "" },
    };

    [Theory]
    [MemberData(nameof(RfcInclusionExamples))]
    public void InclusionPath_RfcExample_IsTheRfcPath(long index, string ranges) =>
        Assert.Equal(ranges, Format(MerkleProofs.InclusionPath(index, 7)));

    [Theory]
    [MemberData(nameof(RfcConsistencyExamples))]
    public void ConsistencyPath_RfcExample_IsTheRfcProof(long first, string ranges) =>
        Assert.Equal(ranges, Format(MerkleProofs.ConsistencyPath(first, 7)));

    [Fact]
    public void InclusionPath_EveryIndexOfEverySizeTo64_MatchesTheRecursiveDefinitionAndVerifies()
    {
        for (int size = 1; size <= MaxSize; size++)
        {
            var tree = Leaves[..size];
            var root = Mth(tree);
            Assert.Equal(root, MerkleProofs.SubtreeHash(Leaves, new TreeRange(0, size)));
            for (int index = 0; index < size; index++)
            {
                var proof = FromRanges(MerkleProofs.InclusionPath(index, size));
                Assert.Equal(Path(index, tree), proof);
                Assert.True(MerkleProofs.VerifyInclusion(index, size, Leaves[index], proof, root), $"index {index} of {size}");
            }
        }
    }

    [Fact]
    public void VerifyInclusion_TamperedProofs_AreRefused()
    {
        var refused = 0;
        for (int size = 1; size <= MaxSize; size++)
        {
            var root = Mth(Leaves[..size]);
            for (int index = 0; index < size; index++)
            {
                var proof = FromRanges(MerkleProofs.InclusionPath(index, size));
                foreach (var tampered in Tamperings(proof))
                {
                    Assert.False(MerkleProofs.VerifyInclusion(index, size, Leaves[index], tampered, root), $"index {index} of {size}");
                    refused++;
                }
                Assert.False(MerkleProofs.VerifyInclusion(index, size, Leaves[(index + 1) % MaxSize], proof, root));
                Assert.False(MerkleProofs.VerifyInclusion(index, size, Leaves[index], proof, Leaves[0].Reverse().ToArray()));
                if ((index ^ 1) < size) Assert.False(MerkleProofs.VerifyInclusion(index ^ 1, size, Leaves[index], proof, root));
            }
        }
        Assert.True(refused > 1000);
    }

    [Fact]
    public void VerifyInclusion_ArgumentsOutOfRange_AreFalseNotExceptions()
    {
        var proof = FromRanges(MerkleProofs.InclusionPath(2, 5));
        var root = Mth(Leaves[..5]);
        Assert.True(MerkleProofs.VerifyInclusion(2, 5, Leaves[2], proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(-1, 5, Leaves[2], proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(5, 5, Leaves[2], proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(2, 0, Leaves[2], proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(2, -5, Leaves[2], proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(2, 5, Leaves[2][..31], proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(2, 5, Leaves[2], proof, root[..31]));
        Assert.False(MerkleProofs.VerifyInclusion(2, 5, Leaves[2], [proof[0], proof[1][..31], proof[2]], root));
        Assert.False(MerkleProofs.VerifyInclusion(2, 5, Leaves[2], [proof[0], null!, proof[2]], root));
        Assert.False(MerkleProofs.VerifyInclusion(2, 5, Leaves[2], null!, root));
    }

    [Fact]
    public void ConsistencyPath_EveryPairTo64_MatchesTheRecursiveDefinitionAndVerifies()
    {
        for (int second = 1; second <= MaxSize; second++)
        {
            var secondRoot = Mth(Leaves[..second]);
            for (int first = 1; first <= second; first++)
            {
                var firstRoot = Mth(Leaves[..first]);
                var proof = FromRanges(MerkleProofs.ConsistencyPath(first, second));
                Assert.Equal(Subproof(first, Leaves[..second], true), proof);
                Assert.True(MerkleProofs.VerifyConsistency(first, second, firstRoot, secondRoot, proof), $"{first} to {second}");
            }
        }
    }

    [Fact]
    public void VerifyConsistency_TamperedProofs_AreRefused()
    {
        var refused = 0;
        for (int second = 1; second <= MaxSize; second++)
        {
            var secondRoot = Mth(Leaves[..second]);
            for (int first = 1; first <= second; first++)
            {
                var firstRoot = Mth(Leaves[..first]);
                var proof = FromRanges(MerkleProofs.ConsistencyPath(first, second));
                foreach (var tampered in Tamperings(proof))
                {
                    Assert.False(MerkleProofs.VerifyConsistency(first, second, firstRoot, secondRoot, tampered), $"{first} to {second}");
                    refused++;
                }
                Assert.False(MerkleProofs.VerifyConsistency(second, first, secondRoot, firstRoot, proof) && first != second);
                if (first < second)
                {
                    Assert.False(MerkleProofs.VerifyConsistency(first, second, Leaves[7], secondRoot, proof));
                    Assert.False(MerkleProofs.VerifyConsistency(first, second, firstRoot, Leaves[7], proof));
                    Assert.False(MerkleProofs.VerifyConsistency(second, first, firstRoot, secondRoot, proof));
                }
            }
        }
        Assert.True(refused > 1000);
    }

    [Fact]
    public void VerifyConsistency_ArgumentsOutOfRange_AreFalseNotExceptions()
    {
        var proof = FromRanges(MerkleProofs.ConsistencyPath(3, 7));
        var first = Mth(Leaves[..3]);
        var second = Mth(Leaves[..7]);
        Assert.True(MerkleProofs.VerifyConsistency(3, 7, first, second, proof));
        Assert.False(MerkleProofs.VerifyConsistency(7, 3, first, second, proof));
        Assert.False(MerkleProofs.VerifyConsistency(-3, 7, first, second, proof));
        Assert.False(MerkleProofs.VerifyConsistency(3, 7, first[..31], second, proof));
        Assert.False(MerkleProofs.VerifyConsistency(3, 7, first, second, [proof[0], proof[1][..31], proof[2], proof[3]]));
        Assert.False(MerkleProofs.VerifyConsistency(3, 7, first, second, null!));
        Assert.False(MerkleProofs.VerifyConsistency(3, 7, first, second, []));
        // Equal sizes: no proof, and the same root.
        Assert.True(MerkleProofs.VerifyConsistency(7, 7, second, second, []));
        Assert.False(MerkleProofs.VerifyConsistency(7, 7, first, second, []));
        Assert.False(MerkleProofs.VerifyConsistency(7, 7, second, second, [second]));
        // The empty tree is a prefix of every tree: no proof, and the empty root.
        Assert.True(MerkleProofs.VerifyConsistency(0, 7, MerkleProofs.EmptyRoot(), second, []));
        Assert.False(MerkleProofs.VerifyConsistency(0, 7, first, second, []));
        Assert.False(MerkleProofs.VerifyConsistency(0, 7, MerkleProofs.EmptyRoot(), second, [first]));
    }

    [Fact]
    public void Paths_ArgumentsOutOfRange_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.InclusionPath(5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.InclusionPath(-1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.ConsistencyPath(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.ConsistencyPath(6, 5));
        Assert.Empty(MerkleProofs.ConsistencyPath(5, 5));
        Assert.Empty(MerkleProofs.InclusionPath(0, 1));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(4, 5)]
    [InlineData(0, (1L << 62) + 1)]
    [InlineData(long.MaxValue - 1, long.MaxValue)]
    [InlineData(123456789, long.MaxValue)]
    public void InclusionPath_AnySize_CoversEveryOtherLeafOnceAtMost63Hashes(long index, long size)
    {
        var path = MerkleProofs.InclusionPath(index, size);
        Assert.InRange(path.Count, 0, 63);
        // The siblings and the leaf tile the tree: disjoint, and together every leaf.
        var pieces = path.Append(new TreeRange(index, index + 1)).OrderBy(r => r.Start).ToArray();
        Assert.Equal(0, pieces[0].Start);
        Assert.Equal(size, pieces[^1].End);
        for (int i = 1; i < pieces.Length; i++) Assert.Equal(pieces[i - 1].End, pieces[i].Start);
    }

    [Fact]
    public void ConsistencyPath_LargeTree_IsShort()
    {
        Assert.Equal([new TreeRange(1L << 62, long.MaxValue)], MerkleProofs.ConsistencyPath(1L << 62, long.MaxValue));
        Assert.InRange(MerkleProofs.ConsistencyPath(987654321, long.MaxValue).Count, 1, 126);
    }

    private static JsonElement Inclusion(long size, long index) =>
        (CheckpointVectors.Proofs.GetProperty("inclusion").EnumerateArray()
            .Single(p => p.GetProperty("treeSize").GetInt64() == size && p.GetProperty("index").GetInt64() == index));

    private static JsonElement Consistency(long first, long second) =>
        (CheckpointVectors.Proofs.GetProperty("consistency").EnumerateArray()
            .Single(p => p.GetProperty("first").GetInt64() == first && p.GetProperty("second").GetInt64() == second));

    private static List<byte[]> HexList(JsonElement array) =>
        array.EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList();

    private static string Format(IReadOnlyList<TreeRange> ranges) => string.Join(" ", ranges.Select(r => $"{r.Start}-{r.End}"));

    private static List<byte[]> FromRanges(IReadOnlyList<TreeRange> ranges) => ranges.Select(r => MerkleProofs.SubtreeHash(Leaves, r)).ToList();

    // A proof with one hash changed (each in turn), the last dropped, one added.
    private static IEnumerable<List<byte[]>> Tamperings(List<byte[]> proof)
    {
        for (int i = 0; i < proof.Count; i++)
        {
            var changed = proof.Select(h => (byte[])h.Clone()).ToList();
            changed[i][31] ^= 0x01;
            yield return changed;
        }
        if (proof.Count > 0) yield return proof[..^1];
        yield return [.. proof, Leaves[3]];
        yield return [Leaves[3], .. proof];
    }

    // RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 read literally, over lists of leaf hashes.
    private static byte[] Mth(byte[][] d)
    {
        if (d.Length == 0) return SHA256.HashData([]);
        if (d.Length == 1) return d[0];
        var k = Split(d.Length);
        return SHA256.HashData([0x01, .. Mth(d[..k]), .. Mth(d[k..])]);
    }

    private static List<byte[]> Path(int m, byte[][] d)
    {
        if (d.Length == 1) return [];
        var k = Split(d.Length);
        return m < k ? [.. Path(m, d[..k]), Mth(d[k..])] : [.. Path(m - k, d[k..]), Mth(d[..k])];
    }

    private static List<byte[]> Subproof(int m, byte[][] d, bool b)
    {
        if (m == d.Length) return b ? [] : [Mth(d)];
        var k = Split(d.Length);
        return m <= k ? [.. Subproof(m, d[..k], b), Mth(d[k..])] : [.. Subproof(m - k, d[k..], false), Mth(d[..k])];
    }

    private static int Split(int n)
    {
        var k = 1;
        while (k * 2 < n) k *= 2;
        return k;
    }
}
