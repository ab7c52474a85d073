using System.Security.Cryptography;
using CreatorLedger.Events;

namespace CreatorLedger.Ledger;

/// <summary>
/// RFC 9162 Merkle tree hash over event ids, kept incrementally as its frontier of perfect subtrees
/// (one hash per set bit of the size), so appending is O(log n) and the root of any prefix can be
/// recomputed from the ids alone.
/// </summary>
public sealed class MerkleTree
{
    public static readonly string EmptyRoot = Checkpoint.EmptyRoot;

    // Frontier: roots of perfect subtrees, largest first; Levels[i] is the height of Hashes[i].
    private readonly List<byte[]> _hashes = [];
    private readonly List<int> _levels = [];
    // The tile hashes completed since RecordTileHashes, when a store asked for them.
    private List<TileHash>? _tileHashes;

    public long Size { get; private set; }

    /// <summary>From now on, keeps every node of height 8, 16, 24, … that an append completes (see <see cref="TileHash"/>).</summary>
    public void RecordTileHashes() => _tileHashes ??= [];

    /// <summary>The tile hashes completed since <see cref="RecordTileHashes"/>, in the order they were completed.</summary>
    public IReadOnlyList<TileHash> NewTileHashes => _tileHashes ?? (IReadOnlyList<TileHash>)[];

    public void Append(EventId id) => Append(id.ToBytes());

    public void Append(ReadOnlySpan<byte> id)
    {
        var hash = LeafHash(id);
        int level = 0;
        while (_levels.Count > 0 && _levels[^1] == level)
        {
            hash = NodeHash(_hashes[^1], hash);
            _hashes.RemoveAt(_hashes.Count - 1);
            _levels.RemoveAt(_levels.Count - 1);
            level++;
            if (_tileHashes is not null && level % TileHash.Width == 0) _tileHashes.Add(new TileHash(level, Size >> level, hash));
        }
        _hashes.Add(hash);
        _levels.Add(level);
        Size++;
    }

    public string Root
    {
        get
        {
            if (_hashes.Count == 0) return EmptyRoot;
            var hash = _hashes[^1];
            for (int i = _hashes.Count - 2; i >= 0; i--) hash = NodeHash(_hashes[i], hash);
            return Convert.ToHexStringLower(hash);
        }
    }

    public Checkpoint Checkpoint => new(Size, Root);

    /// <summary>The frontier as bytes (size, then each level and hash), so a store can persist it with the head.</summary>
    public byte[] Save()
    {
        var bytes = new byte[8 + _hashes.Count * 33];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), Size);
        for (int i = 0; i < _hashes.Count; i++)
        {
            bytes[8 + i * 33] = (byte)_levels[i];
            _hashes[i].CopyTo(bytes, 8 + i * 33 + 1);
        }
        return bytes;
    }

    public static MerkleTree Load(ReadOnlySpan<byte> saved)
    {
        var tree = new MerkleTree();
        if (saved.Length < 8 || (saved.Length - 8) % 33 != 0) throw new FormatException("Not a saved Merkle frontier.");
        tree.Size = BitConverter.ToInt64(saved[..8]);
        for (int offset = 8; offset < saved.Length; offset += 33)
        {
            tree._levels.Add(saved[offset]);
            tree._hashes.Add(saved.Slice(offset + 1, 32).ToArray());
        }
        // The frontier holds one subtree per set bit of the size, largest first.
        long expected = 0;
        for (int i = 0; i < tree._levels.Count; i++)
        {
            if (tree._levels[i] > 62 || (i > 0 && tree._levels[i] >= tree._levels[i - 1]))
                throw new FormatException("The saved Merkle frontier is not in descending order.");
            expected += 1L << tree._levels[i];
        }
        if (expected != tree.Size) throw new FormatException("The saved Merkle frontier does not match its size.");
        return tree;
    }

    public static Checkpoint CheckpointOf(IEnumerable<EventId> ids)
    {
        var tree = new MerkleTree();
        foreach (var id in ids) tree.Append(id);
        return tree.Checkpoint;
    }

    /// <summary>RFC 9162 leaf hash: SHA-256(0x00 ‖ leaf), the leaf being an event id.</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        Span<byte> buffer = stackalloc byte[1 + 32];
        if (leaf.Length != 32) throw new ArgumentException("A leaf of the ledger's tree is a 32-byte event id.", nameof(leaf));
        buffer[0] = 0x00;
        leaf.CopyTo(buffer[1..]);
        return SHA256.HashData(buffer);
    }

    public static byte[] LeafHash(byte[] leaf) => LeafHash(leaf.AsSpan());

    /// <summary>RFC 9162 interior node hash: SHA-256(0x01 ‖ left ‖ right).</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[65];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[33..]);
        return SHA256.HashData(buffer);
    }
}
