using System.Numerics;

namespace CreatorLedger.Ledger;

public abstract partial class LedgerStore
{
    /// <summary>Whether appends keep the tree's tile hashes: always, but for the benchmark that measures what they cost.</summary>
    internal static bool KeepTileHashes { get; set; } = true;

    // The largest size this store has been seen to hold: events are never removed, so ranges below it exist.
    private long _knownSize;

    // Full tiles read before (immutable once full), up to 8 MiB of hashes.
    private const int FullTilesKept = 1_024;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Level, long Index), IReadOnlyList<byte[]>> _fullTiles = new();

    /// <summary>The ids of the events at positions [<paramref name="fromPosition"/>, +<paramref name="count"/>), in order: the leaves of a level-0 tile.</summary>
    public virtual async Task<IReadOnlyList<byte[]>> ReadIdsAsync(long fromPosition, int count, CancellationToken cancellationToken = default)
    {
        var ids = new List<byte[]>(count);
        await foreach (var stored in ReadEnvelopesAsync(fromPosition, cancellationToken).ConfigureAwait(false))
        {
            ids.Add(stored.Id is { } id ? id.ToBytes() : Events.SignedEvent.Parse(stored.Bytes).Id.ToBytes());
            if (ids.Count == count) break;
        }
        return ids;
    }

    /// <summary>The stored tile hashes of height <paramref name="height"/> (a multiple of 8) for node indexes [<paramref name="fromIndex"/>, +<paramref name="count"/>), in order.</summary>
    protected abstract Task<IReadOnlyList<byte[]>> ReadTileHashesAsync(int height, long fromIndex, int count, CancellationToken cancellationToken);

    /// <summary>
    /// The RFC 9162 hash of each range of the ledger's tree (MTH of its leaves), read from tiles as C2SP tlog-tiles lays
    /// them out: a perfect subtree of height h is reduced from at most 128 entries of one tile of level ⌊h/8⌋, and
    /// any other range is split as RFC 9162 splits it. The tiles one call reads are read once, so a proof costs about
    /// one read per 8 levels of the tree (three at a million events).
    /// </summary>
    public async Task<IReadOnlyList<byte[]>> SubtreeHashesAsync(IReadOnlyList<TreeRange> ranges, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (ranges.Count == 0) return [];
        // Ranges inside the size of a checkpoint already seen need no new head read: the prefix never changes.
        long size = Volatile.Read(ref _knownSize);
        if (ranges.Any(r => r.End > size)) Volatile.Write(ref _knownSize, size = (await HeadAsync(cancellationToken).ConfigureAwait(false)).Size);
        foreach (var range in ranges)
            if (range.Start < 0 || range.End <= range.Start || range.End > size)
                throw new ArgumentOutOfRangeException(nameof(ranges), $"The range [{range.Start}, {range.End}) is not inside the ledger's {size} events.");
        var tiles = new Dictionary<(int Level, long Index), IReadOnlyList<byte[]>>();
        var hashes = new List<byte[]>(ranges.Count);
        foreach (var range in ranges) hashes.Add(await RangeHashAsync(range.Start, range.End, tiles, cancellationToken).ConfigureAwait(false));
        return hashes;
    }

    /// <summary>The ledger's checkpoint at <paramref name="size"/> events (at most the head's), from tiles: no replay of the prefix.</summary>
    public async Task<Checkpoint> CheckpointAtAsync(long size, CancellationToken cancellationToken = default)
    {
        var head = await HeadAsync(cancellationToken).ConfigureAwait(false);
        if (size < 0 || size > head.Size) throw new ArgumentOutOfRangeException(nameof(size), size, $"The ledger holds {head.Size} events.");
        if (size == head.Size) return head;
        if (size == 0) return Checkpoint.Empty;
        var root = (await SubtreeHashesAsync([new TreeRange(0, size)], cancellationToken).ConfigureAwait(false))[0];
        return new Checkpoint(size, Convert.ToHexStringLower(root));
    }

    private async Task<byte[]> RangeHashAsync(long start, long end, Dictionary<(int, long), IReadOnlyList<byte[]>> tiles, CancellationToken cancellationToken)
    {
        long count = end - start;
        if (BitOperations.IsPow2(count) && start % count == 0)
            return await PerfectHashAsync(BitOperations.Log2((ulong)count), start / count, tiles, cancellationToken).ConfigureAwait(false);
        long k = (long)BitOperations.RoundUpToPowerOf2((ulong)count) / 2;
        var left = await RangeHashAsync(start, start + k, tiles, cancellationToken).ConfigureAwait(false);
        var right = await RangeHashAsync(start + k, end, tiles, cancellationToken).ConfigureAwait(false);
        return MerkleTree.NodeHash(left, right);
    }

    /// <summary>The hash of the complete node of <paramref name="height"/> and <paramref name="index"/>: its 2^(height mod 8) entries of one tile, hashed up.</summary>
    private async Task<byte[]> PerfectHashAsync(int height, long index, Dictionary<(int, long), IReadOnlyList<byte[]>> tiles, CancellationToken cancellationToken)
    {
        int level = height / TileHash.Width;
        int width = 1 << (height % TileHash.Width);
        long first = index * width;
        long tileIndex = first / TileHash.TileSize;
        if (!tiles.TryGetValue((level, tileIndex), out var tile) && !_fullTiles.TryGetValue((level, tileIndex), out tile))
        {
            long tileStart = tileIndex * TileHash.TileSize;
            tile = level == 0
                ? [.. (await ReadIdsAsync(tileStart + 1, TileHash.TileSize, cancellationToken).ConfigureAwait(false)).Select(MerkleTree.LeafHash)]
                : await ReadTileHashesAsync(level * TileHash.Width, tileStart, TileHash.TileSize, cancellationToken).ConfigureAwait(false);
            tiles[(level, tileIndex)] = tile;
            // A full tile never changes again: keep it (a bounded number; the tiles near the top serve every proof).
            if (tile.Count == TileHash.TileSize && _fullTiles.Count < FullTilesKept) _fullTiles.TryAdd((level, tileIndex), tile);
        }
        int offset = (int)(first - tileIndex * TileHash.TileSize);
        if (offset + width > tile.Count)
            throw new LedgerStoreException($"{Description} lacks tile hashes of height {level * TileHash.Width} from index {first}: its tree is incomplete. Run Test-LedgerIntegrity.");
        var level0 = new byte[width][];
        for (int i = 0; i < width; i++) level0[i] = tile[offset + i];
        for (int n = width; n > 1; n /= 2)
            for (int i = 0; i < n / 2; i++) level0[i] = MerkleTree.NodeHash(level0[2 * i], level0[2 * i + 1]);
        return level0[0];
    }
}
