using System.Diagnostics;
using CreatorLedger.Datasets.Screening;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// PDQ matching (issue 14): queries against a list of a million PDQ hashes through the multi-index, on all cores,
/// half of them near a listed hash (at most 31 bits away) and half unrelated; a sample of the queries is checked against
/// a brute-force comparison with every entry, which is also the baseline.
/// </summary>
internal static class ScreeningBenchmark
{
    public static Task<BenchmarkResult[]> RunAsync(int queries, int listed, Action<string> log)
    {
        log($"Building a list of {listed:N0} PDQ hashes and {queries:N0} queries (not timed)...");
        var random = new Random(2026);
        var list = Enumerable.Range(0, listed).Select(_ => RandomHash(random)).ToArray();
        var index = new PdqIndex(list);
        var questions = Enumerable.Range(0, queries)
            .Select(i => i % 2 == 0 ? Near(list[random.Next(list.Length)], random.Next(0, PdqMatch.MaxDistance + 1), random) : RandomHash(random)).ToArray();
        var found = new int?[queries];
        var seconds = Measure.Seconds(() => Parallel.For(0, queries, i => found[i] = index.Find(questions[i])?.Distance));
        // Brute force on a sample: every entry compared; nothing the index missed, and the baseline rate.
        int sample = Math.Min(200, queries);
        var watch = Stopwatch.StartNew();
        int missed = 0;
        Parallel.For(0, sample, i =>
        {
            int best = int.MaxValue;
            foreach (var h in list) best = Math.Min(best, h.DistanceTo(questions[i]));
            int? expected = best <= PdqMatch.MaxDistance ? best : null;
            if (expected != found[i]) Interlocked.Increment(ref missed);
        });
        double bruteRate = sample / watch.Elapsed.TotalSeconds;
        if (missed > 0) throw new InvalidOperationException($"The PDQ index disagreed with brute force on {missed} of {sample} queries.");
        var result = new BenchmarkResult($"PDQ matching against {listed:N0} hashes, all cores", "queries/s", queries, seconds,
            "brute force, every entry compared, all cores", bruteRate, null) { MinRate = 50_000 };
        result.Notes.Add($"{found.Count(f => f is not null):N0} matches; 0 missed on {sample} queries checked by brute force; " +
            $"index {PdqIndex.BytesPerEntry} B per entry");
        return Task.FromResult<BenchmarkResult[]>([result]);
    }

    private static PdqHash RandomHash(Random random)
    {
        Span<byte> bytes = stackalloc byte[32];
        random.NextBytes(bytes);
        return PdqHash.Parse(Convert.ToHexStringLower(bytes));
    }

    // The hash with `bits` distinct bits flipped, through its hex form (the index sees only what a list line gives).
    private static PdqHash Near(PdqHash hash, int bits, Random random)
    {
        var hex = hash.ToString().ToCharArray();
        var flipped = new HashSet<int>();
        while (flipped.Count < bits) flipped.Add(random.Next(256));
        foreach (var bit in flipped)
        {
            int nibble = 63 - bit / 4;
            hex[nibble] = "0123456789abcdef"[Convert.ToInt32(hex[nibble].ToString(), 16) ^ (1 << (bit % 4))];
        }
        return PdqHash.Parse(new string(hex));
    }
}
