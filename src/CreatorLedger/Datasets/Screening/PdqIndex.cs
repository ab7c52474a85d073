namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// A list's PDQ hashes, searched within <see cref="PdqMatch.MaxDistance"/> bits without comparing a picture with every
/// entry: multi-index hashing over the sixteen 16-bit chunks of a hash. Two hashes at most 31 bits apart differ in at
/// most one bit in at least one chunk (were every chunk two or more bits apart, they would be 32 or more), so the
/// candidates are the entries that share some chunk exactly or but for one bit: 16 × 17 buckets, found directly from
/// each chunk's table of where every 16-bit value's entries start, each candidate then measured in full. Hashes of quality below <see cref="PdqMatch.MinQuality"/> are kept out (a list
/// counts them; they never match).
/// </summary>
public sealed class PdqIndex
{
    private const int Chunks = 16;
    private readonly PdqHash[] _hashes;
    // Per chunk: the entries ordered by their value of that chunk, and where each of the 65,536 values' run starts.
    private readonly int[][] _entries = new int[Chunks][];
    private readonly int[][] _starts = new int[Chunks][];

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
            var starts = new int[65537];
            foreach (var key in keys) starts[key + 1]++;
            for (int v = 0; v < 65536; v++) starts[v + 1] += starts[v];
            _entries[c] = entries;
            _starts[c] = starts;
        }
    }

    public int Count => _hashes.Length;

    /// <summary>What the index holds in memory per entry: the hash, and an entry number per chunk (besides 16 tables of 65,537 run starts, 4 MiB).</summary>
    public static long BytesPerEntry => 32 + Chunks * sizeof(int);

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
        var entries = _entries[chunk];
        var starts = _starts[chunk];
        for (int at = starts[value], end = starts[value + 1]; at < end; at++)
        {
            var listed = _hashes[entries[at]];
            int distance = listed.DistanceTo(hash);
            if (distance <= PdqMatch.MaxDistance && (best is null || distance < best.Value.Distance)) best = new PdqIndexMatch(listed, distance);
        }
    }
}
