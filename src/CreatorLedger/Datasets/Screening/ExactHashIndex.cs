namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// The cryptographic hashes of one kind a list holds, sorted in one array of their bytes and looked up by binary
/// search: nothing per entry but the hash itself (16, 20 or 32 bytes), as lists hold millions.
/// </summary>
public sealed class ExactHashIndex
{
    private readonly byte[] _sorted;

    // Where the hashes starting with each 16-bit value begin: a lookup searches one run (a few entries in a list of
    // millions) instead of the whole array, for 256 KiB per index whatever its size.
    private readonly int[] _starts = new int[65537];

    private ExactHashIndex(HashKind kind, int size, byte[] sorted)
    {
        Kind = kind;
        HashSize = size;
        _sorted = sorted;
        for (int i = 0; i < sorted.Length / size; i++) _starts[Prefix(sorted.AsSpan(i * size)) + 1]++;
        for (int v = 0; v < 65536; v++) _starts[v + 1] += _starts[v];
    }

    private static int Prefix(ReadOnlySpan<byte> hash) => hash[0] << 8 | hash[1];

    public HashKind Kind { get; }

    /// <summary>Bytes per hash: 16 (MD5), 20 (SHA-1) or 32 (SHA-256).</summary>
    public int HashSize { get; }

    public int Count => _sorted.Length / HashSize;

    /// <summary>What the index holds in memory per entry (the hash's bytes: nothing else, besides one table of 256 KiB).</summary>
    public long BytesPerEntry => HashSize;

    public static int SizeOf(HashKind kind) => kind switch
    {
        HashKind.Md5 => 16,
        HashKind.Sha1 => 20,
        HashKind.Sha256 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only cryptographic hashes are matched exactly."),
    };

    /// <summary>An index of <paramref name="hashes"/> (each <see cref="SizeOf"/> bytes, one after the other); duplicates are kept once.</summary>
    public static ExactHashIndex Build(HashKind kind, ReadOnlySpan<byte> hashes)
    {
        int size = SizeOf(kind);
        if (hashes.Length % size != 0) throw new ArgumentException($"{kind} hashes are {size} bytes each.", nameof(hashes));
        int count = hashes.Length / size;
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        var copy = hashes.ToArray();
        Array.Sort(order, (a, b) => copy.AsSpan(a * size, size).SequenceCompareTo(copy.AsSpan(b * size, size)));
        ReadOnlySpan<byte> previous = default;
        var buffer = new byte[count * size];
        int kept = 0;
        foreach (var i in order)
        {
            var hash = copy.AsSpan(i * size, size);
            if (kept > 0 && hash.SequenceEqual(previous)) continue;
            hash.CopyTo(buffer.AsSpan(kept * size));
            previous = buffer.AsSpan(kept * size, size);
            kept++;
        }
        return new ExactHashIndex(kind, size, buffer.AsSpan(0, kept * size).ToArray());
    }

    public bool Contains(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != HashSize) throw new ArgumentException($"A {Kind} hash is {HashSize} bytes.", nameof(hash));
        int prefix = Prefix(hash);
        int low = _starts[prefix], high = _starts[prefix + 1] - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            int order = _sorted.AsSpan(middle * HashSize, HashSize).SequenceCompareTo(hash);
            if (order == 0) return true;
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }
        return false;
    }
}
