using CreatorLedger.Datasets.Screening;
using Xunit;

namespace CreatorLedger.Tests.Datasets.Screening;

/// <summary>The multi-index PDQ lookup against a brute-force comparison: no match missed at any distance up to 31, none made at 32.</summary>
public sealed class PdqIndexTests
{
    private static PdqHash Random(Random random)
    {
        Span<byte> bytes = stackalloc byte[32];
        random.NextBytes(bytes);
        return PdqHash.Parse(Convert.ToHexStringLower(bytes));
    }

    // The hash with `bits` random bits flipped.
    private static PdqHash Flip(PdqHash hash, int bits, Random random)
    {
        var hex = hash.ToString().ToCharArray();
        var chosen = Enumerable.Range(0, 256).OrderBy(_ => random.Next()).Take(bits);
        foreach (var bit in chosen)
        {
            int nibble = 63 - bit / 4;
            int value = Convert.ToInt32(hex[nibble].ToString(), 16) ^ (1 << (bit % 4));
            hex[nibble] = "0123456789abcdef"[value];
        }
        return PdqHash.Parse(new string(hex));
    }

    [Fact]
    public void Find_AtEveryDistanceUpTo31_FindsTheListedHash_AndAt32_FindsNone()
    {
        var random = new Random(1234);
        var listed = Enumerable.Range(0, 5_000).Select(_ => Random(random)).ToList();
        var index = new PdqIndex(listed);
        for (int distance = 0; distance <= 40; distance++)
        {
            var target = listed[random.Next(listed.Count)];
            var query = Flip(target, distance, random);
            Assert.Equal(distance, query.DistanceTo(target));
            var found = index.Find(query);
            var brute = listed.Select(h => (Hash: h, Distance: h.DistanceTo(query))).Where(x => x.Distance <= PdqMatch.MaxDistance).OrderBy(x => x.Distance).ToList();
            if (brute.Count == 0) Assert.Null(found);
            else Assert.Equal(brute[0].Distance, found!.Value.Distance);
            Assert.Equal(distance <= 31, found is not null);
        }
    }

    [Fact]
    public void Find_ManyQueries_MissNothingABruteForceFinds()
    {
        var random = new Random(99);
        var listed = Enumerable.Range(0, 2_000).Select(_ => Random(random)).ToList();
        var index = new PdqIndex(listed);
        for (int q = 0; q < 300; q++)
        {
            var query = q % 2 == 0 ? Flip(listed[random.Next(listed.Count)], random.Next(0, 40), random) : Random(random);
            var brute = listed.Min(h => h.DistanceTo(query));
            Assert.Equal(brute <= PdqMatch.MaxDistance ? brute : null, index.Find(query)?.Distance);
        }
    }

    [Fact]
    public void Find_EntriesSharingEveryChunkButOne_FindsTheNearestOfThem()
    {
        // Every listed hash agrees with the others on all chunks but the last, so every pair of chunks but the last
        // holds the same value many times over: the lookup from a chunk to its pair's entries must see all of them.
        var random = new Random(7);
        var shared = Random(random);
        var listed = Enumerable.Range(0, 500).Select(_ => WithLastChunk(shared, (ushort)random.Next(65536))).Distinct().ToList();
        var index = new PdqIndex(listed);
        foreach (var target in listed.Take(50))
        {
            var query = Flip(target, random.Next(0, 32), random);
            var brute = listed.Min(h => h.DistanceTo(query));
            Assert.Equal(brute <= PdqMatch.MaxDistance ? brute : null, index.Find(query)?.Distance);
        }
    }

    [Fact]
    public void FindAll_GivesWhatFindGivesForEachQuery()
    {
        var random = new Random(5);
        var listed = Enumerable.Range(0, 3_000).Select(_ => Random(random)).ToList();
        var index = new PdqIndex(listed);
        var queries = Enumerable.Range(0, 1_000).Select(q => q % 2 == 0 ? Flip(listed[random.Next(listed.Count)], random.Next(0, 40), random) : Random(random)).ToArray();
        var results = new PdqIndexMatch?[queries.Length];

        index.FindAll(queries, results);

        Assert.Equal(queries.Select(index.Find), results);
        Assert.Throws<ArgumentException>(() => index.FindAll(queries, new PdqIndexMatch?[3]));
    }

    private static PdqHash WithLastChunk(PdqHash hash, ushort value)
    {
        // The reference prints its last word first.
        return PdqHash.Parse(value.ToString("x4") + hash.ToString()[4..]);
    }
}
