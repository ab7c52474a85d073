using System.Numerics;

namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// A list's PDQ hashes, searched within <see cref="PdqMatch.MaxDistance"/> bits without comparing a picture with every
/// entry: multi-index hashing over the sixteen 16-bit chunks of a hash, taken as eight pairs of chunks. Two hashes at
/// most 31 bits apart are at most 3 bits apart in some pair (were every pair 4 or more apart, they would be 32 or more),
/// and within that pair one chunk is at most 1 bit apart, the other at most 3 minus that. So the candidates are the
/// entries whose chunk is exactly the query's or one bit off (16 × 17 buckets), kept only when their partner chunk,
/// stored beside them, is close enough too: that test reads the bucket front to back and passes about one random entry
/// in a hundred, so only a few candidates a query are measured in full from the scattered hashes. Hashes of quality
/// below <see cref="PdqMatch.MinQuality"/> are kept out by the list (it counts them; they never match).
/// Safe to search from many threads at once; a search allocates nothing.
/// </summary>
public sealed class PdqIndex
{
    private const int Chunks = 16;
    private const int Buckets = 65536 + 1;
    // Within a pair of chunks at most this many bits apart (31 / 8 pairs, rounded down).
    private const int PairReach = PdqMatch.MaxDistance / (Chunks / 2);
    // The hashes as plain words, four per entry: a candidate is measured with four popcounts and no copy of a struct.
    private readonly ulong[] _words;
    // Per chunk c, at c·Count: the partner chunk (c ^ 1) of every entry, ordered by (chunk c, partner); and at c·65,537
    // where each value of chunk c starts in that order. An even chunk's order also keeps its entry numbers, in
    // _entries at (c / 2)·Count; an odd chunk's candidate is found there from its pair's value (see FindPair).
    private readonly ushort[] _partners;
    private readonly int[] _starts;
    private readonly int[] _entries;

    public PdqIndex(IEnumerable<PdqHash> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var distinct = hashes.Distinct().ToArray();
        int n = distinct.Length;
        _words = new ulong[n * 4];
        for (int i = 0; i < n; i++)
            for (int w = 0; w < 4; w++) _words[i * 4 + w] = distinct[i].Word64(w);
        _partners = new ushort[Chunks * n];
        _starts = new int[Chunks * Buckets];
        _entries = new int[Chunks / 2 * n];
        var chunk = new ushort[n];
        var partner = new ushort[n];
        for (int c = 0; c < Chunks; c++)
        {
            for (int i = 0; i < n; i++) (chunk[i], partner[i]) = (distinct[i].Chunk(c), distinct[i].Chunk(c ^ 1));
            // Two stable counting sorts, by the partner then by the chunk: ordered by (chunk, partner).
            var byPartner = CountingSort(Enumerable.Range(0, n).ToArray(), partner, new int[Buckets]);
            var starts = _starts.AsSpan(c * Buckets, Buckets);
            var order = CountingSort(byPartner, chunk, starts);
            for (int at = 0; at < n; at++) _partners[c * n + at] = partner[order[at]];
            if (c % 2 == 0) order.CopyTo(_entries, c / 2 * n);
        }
    }

    public int Count => _words.Length / 4;

    /// <summary>
    /// What the index holds in memory per entry: the hash, the partner chunk per chunk, and an entry number per pair
    /// of chunks (besides 16 tables of 65,537 run starts, 4 MiB).
    /// </summary>
    public static long BytesPerEntry => 32 + Chunks * sizeof(ushort) + Chunks / 2 * sizeof(int);

    /// <summary>The nearest listed hash within <see cref="PdqMatch.MaxDistance"/> bits of <paramref name="hash"/>, or null.</summary>
    public PdqIndexMatch? Find(PdqHash hash)
    {
        if (Count == 0) return null;
        var nearest = new Nearest(hash);
        for (int pair = 0; pair < Chunks / 2; pair++)
        {
            int low = hash.Chunk(2 * pair), high = hash.Chunk(2 * pair + 1);
            Probe(2 * pair, low, high, ref nearest);
            Probe(2 * pair + 1, high, low, ref nearest);
            // A listed hash not seen yet is 4 or more bits away in every pair probed so far, so at least 4·(pair + 1)
            // bits away in all: once the nearest seen is that close, nothing unseen is nearer.
            if (nearest.Distance <= (PairReach + 1) * (pair + 1)) break;
        }
        return nearest.Entry < 0 ? null : new PdqIndexMatch(At(nearest.Entry), nearest.Distance);
    }

    /// <summary>
    /// <see cref="Find"/> for every query, on all cores: <paramref name="results"/>[i] is the match of
    /// <paramref name="queries"/>[i].
    /// </summary>
    public void FindAll(ReadOnlyMemory<PdqHash> queries, Memory<PdqIndexMatch?> results)
    {
        if (results.Length != queries.Length) throw Error.Argument_LengthMismatch(nameof(results), queries.Length, results.Length);
        // A query costs microseconds: batches of 256 keep the scheduling out of the figure and still spread the work.
        const int Batch = 256;
        Parallel.For(0, (queries.Length + Batch - 1) / Batch, batch =>
        {
            int from = batch * Batch, to = Math.Min(from + Batch, queries.Length);
            var q = queries.Span;
            var r = results.Span;
            for (int i = from; i < to; i++) r[i] = Find(q[i]);
        });
    }

    /// <summary>Candidates of chunk <paramref name="c"/> at <paramref name="value"/> or one bit off, whose partner is close enough to <paramref name="partner"/>.</summary>
    private void Probe(int c, int value, int partner, ref Nearest nearest)
    {
        int n = Count;
        var partners = _partners.AsSpan(c * n, n);
        var starts = _starts.AsSpan(c * Buckets, Buckets);
        // The 17 runs' bounds first, then a first read in each run: those reads do not wait on each other, so their
        // cache misses overlap, where a scan that ends at an unpredictable length would wait for each in turn.
        Span<int> from = stackalloc int[17], to = stackalloc int[17];
        for (int b = -1; b < 16; b++)
        {
            int probed = b < 0 ? value : value ^ (1 << b);
            (from[b + 1], to[b + 1]) = (starts[probed], starts[probed + 1]);
        }
        int touched = 0;
        for (int k = 0; k < 17; k++) touched |= partners[Math.Min(from[k], n - 1)];
        nearest.Touched |= touched;
        for (int b = -1; b < 16; b++)
        {
            int probed = b < 0 ? value : value ^ (1 << b), reach = b < 0 ? PairReach : PairReach - 1;
            int start = from[b + 1];
            var run = partners[start..to[b + 1]];
            for (int i = 0; i < run.Length; i++)
            {
                if (BitOperations.PopCount((uint)(run[i] ^ partner)) > reach) continue;
                if (c % 2 == 0) Measure(_entries[c / 2 * n + start + i], ref nearest);
                else FindPair(c - 1, run[i], probed, ref nearest);
            }
        }
    }

    /// <summary>Measures every entry whose even chunk <paramref name="c"/> is <paramref name="low"/> and its partner <paramref name="high"/>.</summary>
    private void FindPair(int c, int low, int high, ref Nearest nearest)
    {
        int n = Count;
        var partners = _partners.AsSpan(c * n, n);
        // Within a run the partners ascend, so the pair's entries are found by a binary search and sit together.
        int from = _starts[c * Buckets + low], to = _starts[c * Buckets + low + 1];
        int at = partners[from..to].BinarySearch((ushort)high);
        if (at < 0) return;
        at += from;
        while (at > from && partners[at - 1] == high) at--;
        for (; at < to && partners[at] == high; at++) Measure(_entries[c / 2 * n + at], ref nearest);
    }

    private void Measure(int entry, ref Nearest nearest)
    {
        var listed = _words.AsSpan(entry * 4, 4);
        int distance = BitOperations.PopCount(listed[0] ^ nearest.Q0) + BitOperations.PopCount(listed[1] ^ nearest.Q1)
            + BitOperations.PopCount(listed[2] ^ nearest.Q2) + BitOperations.PopCount(listed[3] ^ nearest.Q3);
        if (distance < nearest.Distance) (nearest.Distance, nearest.Entry) = (distance, entry);
    }

    private PdqHash At(int entry) => new(_words[entry * 4], _words[entry * 4 + 1], _words[entry * 4 + 2], _words[entry * 4 + 3]);

    /// <summary>
    /// <paramref name="order"/> stably sorted by <paramref name="keys"/>[entry]; <paramref name="starts"/> (65,537
    /// zeros) is left holding where each key's run starts.
    /// </summary>
    private static int[] CountingSort(int[] order, ushort[] keys, Span<int> starts)
    {
        foreach (int entry in order) starts[keys[entry] + 1]++;
        for (int v = 0; v < 65536; v++) starts[v + 1] += starts[v];
        var next = starts[..65536].ToArray();
        var sorted = new int[order.Length];
        foreach (int entry in order) sorted[next[keys[entry]]++] = entry;
        return sorted;
    }

    // The query's words, and the nearest entry seen so far (Entry −1: none within the threshold yet).
    private struct Nearest(PdqHash query)
    {
        public readonly ulong Q0 = query.Word64(0), Q1 = query.Word64(1), Q2 = query.Word64(2), Q3 = query.Word64(3);
        public int Distance = PdqMatch.MaxDistance + 1;
        public int Entry = -1;
        // What the reads ahead of a scan saw, kept so that they are not dropped as unused.
        public int Touched;
    }
}
