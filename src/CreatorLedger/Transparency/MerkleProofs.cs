using System.Numerics;
using System.Security.Cryptography;
using CreatorLedger.Ledger;

namespace CreatorLedger.Transparency;

/// <summary>
/// RFC 9162 §2.1 Merkle proofs: which subtrees a proof is made of (so a store can hash them from its own leaves), and the
/// verification algorithms of §2.1.3.2 and §2.1.4.2. Verification returns false for any wrong input; it never throws.
/// </summary>
public static class MerkleProofs
{
    /// <summary>A SHA-256 hash's length: every leaf, node, root and proof hash has it.</summary>
    public const int HashSize = 32;

    private static readonly byte[] Empty = SHA256.HashData([]);

    /// <summary>The root of the empty tree, SHA-256 of nothing (§2.1.1).</summary>
    public static byte[] EmptyRoot() => (byte[])Empty.Clone();

    /// <summary>The leaf hash SHA-256(0x00 ‖ leaf); the ledger's leaf is the event id's 32 bytes.</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        var buffer = new byte[1 + leaf.Length];
        leaf.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    /// <summary>The interior node hash SHA-256(0x01 ‖ left ‖ right).</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != HashSize) throw new ArgumentException("A node's child is a 32-byte hash.", nameof(left));
        if (right.Length != HashSize) throw new ArgumentException("A node's child is a 32-byte hash.", nameof(right));
        var hash = new byte[HashSize];
        Node(left, right, hash);
        return hash;
    }

    /// <summary>MTH of the leaves in <paramref name="range"/>, from all the tree's leaf hashes (§2.1.1); the empty range gives the empty root.</summary>
    public static byte[] SubtreeHash(IReadOnlyList<byte[]> leafHashes, TreeRange range)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        if (range.Start < 0 || range.End < range.Start || range.End > leafHashes.Count)
            throw new ArgumentOutOfRangeException(nameof(range), range, "The range is not within the leaves.");
        if (range.Count == 0) return EmptyRoot();
        return Subtree(leafHashes, range.Start, range.End);
    }

    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, long start, long end)
    {
        if (end - start == 1) return (byte[])leaves[(int)start].Clone();
        var k = LargestPowerOfTwoBelow(end - start);
        return NodeHash(Subtree(leaves, start, start + k), Subtree(leaves, start + k, end));
    }

    /// <summary>
    /// The subtrees whose hashes are the inclusion proof of leaf <paramref name="index"/> in a tree of <paramref name="size"/>
    /// leaves, in PATH order (§2.1.3.1): the leaf's sibling first, the root's child last.
    /// </summary>
    public static IReadOnlyList<TreeRange> InclusionPath(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var path = new List<TreeRange>(64);
        AddPath(index, 0, size, path);
        return path;
    }

    // PATH(m, D[start:end]): recursing first puts the deeper siblings before the shallower ones.
    private static void AddPath(long m, long start, long end, List<TreeRange> path)
    {
        if (end - start == 1) return;
        var k = LargestPowerOfTwoBelow(end - start);
        if (m < start + k)
        {
            AddPath(m, start, start + k, path);
            path.Add(new TreeRange(start + k, end));
        }
        else
        {
            AddPath(m, start + k, end, path);
            path.Add(new TreeRange(start, start + k));
        }
    }

    /// <summary>
    /// The subtrees whose hashes are the consistency proof from the tree of <paramref name="first"/> leaves to the tree of
    /// <paramref name="second"/>, in SUBPROOF order (§2.1.4.1); equal sizes need no proof.
    /// </summary>
    public static IReadOnlyList<TreeRange> ConsistencyPath(long first, long second)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, second);
        var path = new List<TreeRange>(64);
        AddSubproof(first, 0, second, whole: true, path);
        return path;
    }

    // SUBPROOF(m, D[start:end], b): m counts leaves from start; b says whether D[start:start+m] is the whole first tree,
    // whose root the verifier already has.
    private static void AddSubproof(long m, long start, long end, bool whole, List<TreeRange> path)
    {
        if (m == end - start)
        {
            if (!whole) path.Add(new TreeRange(start, end));
            return;
        }
        var k = LargestPowerOfTwoBelow(end - start);
        if (m <= k)
        {
            AddSubproof(m, start, start + k, whole, path);
            path.Add(new TreeRange(start + k, end));
        }
        else
        {
            AddSubproof(m - k, start + k, end, whole: false, path);
            path.Add(new TreeRange(start, start + k));
        }
    }

    /// <summary>§2.1.3.2: whether <paramref name="proof"/> binds <paramref name="leafHash"/> at <paramref name="index"/> to <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (proof is null || index < 0 || index >= size || leafHash.Length != HashSize || root.Length != HashSize) return false;
        ulong fn = (ulong)index, sn = (ulong)(size - 1);
        Span<byte> r = stackalloc byte[HashSize];
        leafHash.CopyTo(r);
        foreach (var p in proof)
        {
            if (p is null || p.Length != HashSize || sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                Node(p, r, r);
                // A right-edge node with no right sibling is promoted: skip the levels where it has none.
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                Node(r, p, r);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.SequenceEqual(root);
    }

    /// <summary>
    /// §2.1.4.2: whether <paramref name="proof"/> shows the tree of <paramref name="first"/> leaves is a prefix of the tree of
    /// <paramref name="second"/>. Equal sizes need an empty proof and equal roots; size 0 (the empty tree, a prefix of every
    /// tree) needs an empty proof and the empty root.
    /// </summary>
    public static bool VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (proof is null || first < 0 || first > second || firstRoot.Length != HashSize || secondRoot.Length != HashSize) return false;
        foreach (var p in proof)
            if (p is null || p.Length != HashSize) return false;
        if (first == second) return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        if (first == 0) return proof.Count == 0 && firstRoot.SequenceEqual(Empty);
        if (proof.Count == 0) return false;

        // When the first tree is a perfect subtree its root is left out of the proof: the verifier starts from it.
        IReadOnlyList<byte[]> path = BitOperations.IsPow2((ulong)first) ? [firstRoot.ToArray(), .. proof] : proof;

        ulong fn = (ulong)first - 1, sn = (ulong)second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        Span<byte> fr = stackalloc byte[HashSize];
        Span<byte> sr = stackalloc byte[HashSize];
        path[0].CopyTo(fr);
        path[0].CopyTo(sr);
        for (int i = 1; i < path.Count; i++)
        {
            if (sn == 0) return false;
            var c = path[i];
            if ((fn & 1) == 1 || fn == sn)
            {
                Node(c, fr, fr);
                Node(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                Node(sr, c, sr);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.SequenceEqual(firstRoot) && sr.SequenceEqual(secondRoot);
    }

    /// <summary>The largest power of two strictly below <paramref name="n"/> (n ≥ 2): where RFC 9162 splits a tree.</summary>
    internal static long LargestPowerOfTwoBelow(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    // Writes SHA-256(0x01 ‖ left ‖ right) to destination, which may alias either input (they are copied first).
    private static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * HashSize];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        SHA256.HashData(buffer, destination);
    }
}
