namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// A list's PDQ hashes, searched within <see cref="PdqMatch.MaxDistance"/> bits without comparing a picture with every
/// entry: multi-index hashing over the sixteen 16-bit chunks of a hash. Two hashes at most 31 bits apart differ in at
/// most one bit in at least one chunk (were every chunk two or more bits apart, they would be 32 or more), so the
/// candidates are the entries that share some chunk exactly or but for one bit: 16 × 17 lookups in sorted tables, each
/// candidate then measured in full. Hashes of quality below <see cref="PdqMatch.MinQuality"/> are kept out (a list
/// counts them; they never match).
/// </summary>
public sealed class PdqIndex
{
    private const int Chunks = 16;
    private readonly PdqHash[] _hashes;
    // Per chunk: the entries' chunk values, sorted, and beside them the entry each belongs to.
    private readonly ushort[][] _keys = new ushort[Chunks][];
    private readonly int[][] _entries = new int[Chunks][];

    public PdqIndex(IEnumerable<PdqHash> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        _hashes = [.. hashes.Distinct()];
        for (int c = 0; c < Chunks; c++)
        {
            var keys = new ushort[_hashes.Length];
            var entries = new int[_hashes.Length];
            for (int i = 0; i < _hashes.Length; i++)
            {
                keys[i] = _hashes[i].Chunk(c);
                entries[i] = i;
            }
            Array.Sort(keys, entries);
            _keys[c] = keys;
            _entries[c] = entries;
        }
    }

    public int Count => _hashes.Length;

    /// <summary>What the index holds in memory per entry: the hash, and a chunk value and an entry number per chunk.</summary>
    public static long BytesPerEntry => 32 + Chunks * (sizeof(ushort) + sizeof(int));

    /// <summary>The nearest listed hash within <see cref="PdqMatch.MaxDistance"/> bits of <paramref name="hash"/>, or null.</summary>
    public PdqIndexMatch? Find(PdqHash hash)
    {
        PdqIndexMatch? best = null;
        for (int c = 0; c < Chunks; c++)
        {
            ushort value = hash.Chunk(c);
            Probe(c, value, hash, ref best);
            for (int b = 0; b < 16; b++) Probe(c, (ushort)(value ^ (1 << b)), hash, ref best);
            if (best is { Distance: 0 }) break;
        }
        return best;
    }

    private void Probe(int chunk, ushort value, PdqHash hash, ref PdqIndexMatch? best)
    {
        var keys = _keys[chunk];
        int at = LowerBound(keys, value);
        for (; at < keys.Length && keys[at] == value; at++)
        {
            var listed = _hashes[_entries[chunk][at]];
            int distance = listed.DistanceTo(hash);
            if (distance <= PdqMatch.MaxDistance && (best is null || distance < best.Value.Distance)) best = new PdqIndexMatch(listed, distance);
        }
    }

    private static int LowerBound(ushort[] keys, ushort value)
    {
        int low = 0, high = keys.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (keys[middle] < value) low = middle + 1;
            else high = middle;
        }
        return low;
    }
}
