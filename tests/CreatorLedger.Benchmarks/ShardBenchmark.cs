using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using CreatorLedger.Datasets;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Sqlite;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// WebDataset shards as img2dataset writes them (a 16 KiB image — about what its defaults, 256 pixels at JPEG quality 95,
/// give —, its caption and its .json per sample) decided against a
/// ledger: with digests from each sample's .json, against reading the same tar bytes sequentially; and hashed from
/// each image member, against reading and hashing the same shard bytes on all cores.
/// </summary>
internal static class ShardBenchmark
{
    private const int ShardCount = 100;
    private const int ImageBytes = 16 * 1024;

    public static async Task<BenchmarkResult[]> RunAsync(int samples, Action<string> log)
    {
        using var workspace = new Workspace("shards");
        int perShard = Math.Max(1, samples / ShardCount);
        samples = perShard * ShardCount;
        log($"Writing {samples:N0} samples in {ShardCount} shards and registering a tenth of the originals (not timed)...");
        var folder = workspace.File("shards");
        var registered = WriteShards(folder, perShard, ImageBytes);
        var shards = Enumerable.Range(0, ShardCount).Select(s => Path.Combine(folder, $"{s:00000}.tar")).ToList();
        using var store = SqliteEventStore.Open(workspace.File("ledger.db"));
        await RegisterAndLicenseAsync(store, registered);
        var projection = await LicenseProjection.LoadAsync(store);
        var view = ConsentView.AsOf(projection, LedgerTime.From(DateTimeOffset.UtcNow));
        var request = new DatasetRequest(SigningKey.Generate().Id, Use.AiTrain);
        long bytes = shards.Sum(s => new FileInfo(s).Length);
        foreach (var s in shards) File.ReadAllBytes(s); // in the page cache for both sides
        FileSystem.Sync();

        double SequentialRead() => Measure.Seconds(() =>
        {
            var buffer = new byte[1 << 20];
            foreach (var s in shards)
            {
                using var f = new FileStream(s, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                while (f.Read(buffer) > 0) { }
            }
        });
        double HashAllCores() => Measure.Seconds(() => Parallel.ForEach(shards, s =>
        {
            using var f = File.OpenRead(s);
            SHA256.HashData(f);
        }));
        (double Seconds, long Licensed) Decide(DigestSource from, IReadOnlyList<string>? some = null)
        {
            long licensed = 0, total = 0;
            var seconds = Measure.Seconds(() =>
            {
                using var check = new DatasetCheck(view, request);
                var queue = new ShardQueue(some ?? shards, new ShardOptions(digestFrom: from));
                void Take(DatasetDecision d) { total++; if (d.IsLicensed) licensed++; }
                foreach (var reading in queue.InOrder())
                    foreach (var input in reading.Result.Samples)
                        if (check.Add(input) is { } chunk) { chunk.Ready.Wait(); foreach (var d in chunk.Decide()) Take(d); }
                foreach (var chunk in check.Complete()) { chunk.Ready.Wait(); foreach (var d in chunk.Decide()) Take(d); }
            });
            if (some is null && total != samples) throw new InvalidOperationException($"{total} decisions for {samples} samples.");
            return (seconds, licensed);
        }

        // The reading and deciding code is compiled and tiered up on a few shards first: the run times the check, not the JIT.
        for (int i = 0; i < 3; i++)
            foreach (var from in new[] { DigestSource.Metadata, DigestSource.Content }) Decide(from, shards[..Math.Min(4, shards.Count)]);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var readBefore = SequentialRead();
        var metadata = Decide(DigestSource.Metadata);
        var readAfter = SequentialRead();
        if (metadata.Licensed != registered.Count) throw new InvalidOperationException($"{metadata.Licensed} licensed from metadata; {registered.Count} registered.");
        var byMetadata = new BenchmarkResult("Shards, digests from each sample's .json", "samples/s", samples, metadata.Seconds,
            "reading the same tar bytes sequentially", Measure.MeanRate(samples, readBefore, readAfter), 0.80);
        byMetadata.Notes.Add($"{ShardCount} shards, {bytes / 1e9:0.00} GB; sequential read {bytes / 1e9 / readBefore:0.0} and {bytes / 1e9 / readAfter:0.0} GB/s; " +
            "each shard is read through once; each .json is scanned for its digest");

        var hashBefore = HashAllCores();
        var content = Decide(DigestSource.Content);
        var hashAfter = HashAllCores();
        if (content.Licensed != 0) throw new InvalidOperationException("Re-encoded images were found licensed.");
        var byContent = new BenchmarkResult("Shards, each image member hashed", "samples/s", samples, content.Seconds,
            "read + SHA-256 of the same shard bytes, all cores", Measure.MeanRate(samples, hashBefore, hashAfter), 0.80);
        byContent.Notes.Add($"read + SHA-256 {bytes / 1e9 / hashBefore:0.0} and {bytes / 1e9 / hashAfter:0.0} GB/s");
        return [byMetadata, byContent];
    }

    /// <summary>The benchmark's 100 shards in <paramref name="folder"/>, written on all cores; returns the originals to register.</summary>
    internal static List<WorkId> WriteShards(string folder, int perShard, int imageBytes)
    {
        Directory.CreateDirectory(folder);
        var registered = new List<WorkId>();
        Parallel.For(0, ShardCount, s =>
        {
            var mine = WriteShard(Path.Combine(folder, $"{s:00000}.tar"), s, perShard, imageBytes);
            lock (registered) registered.AddRange(mine);
        });
        return registered;
    }

    /// <summary>A creator registers <paramref name="works"/> and licenses all of them to anyone for AI training (not timed).</summary>
    internal static async Task RegisterAndLicenseAsync(IEventStore store, IEnumerable<WorkId> works)
    {
        using var key = SigningKey.Generate();
        await Author.CreateIdentityAsync(store, key, new IdentityCreated("Shard creator", "creator"));
        var drafts = works.Select(w => new RegisteredWork(w, "original", "image/jpeg", 1).ToDraft()).ToList();
        drafts.Add(new LicenseGranted(null, null, null, [Use.AiTrain], false, new Window(LedgerTime.From(DateTimeOffset.UtcNow.AddDays(-1))), null,
            new LicenseTerms(null, false)).ToDraft());
        await new Author(store, key.Id, key).AppendAsync(drafts);
    }

    /// <summary>One shard as img2dataset writes it, with random images; returns the original-download digests of every tenth sample (the ones to register).</summary>
    internal static List<WorkId> WriteShard(string path, int shard, int count, int imageBytes)
    {
        var registered = new List<WorkId>();
        var image = new byte[imageBytes];
        using var file = File.Create(path);
        using var writer = new TarWriter(file, TarEntryFormat.Ustar);
        for (int i = 0; i < count; i++)
        {
            var key = $"{shard:00000}{i:0000}";
            var original = SHA256.HashData(Encoding.UTF8.GetBytes($"original {key}"));
            if (i % 10 == 0) registered.Add(WorkId.FromHash(original));
            RandomNumberGenerator.Fill(image);
            Add(writer, key + ".jpg", image);
            Add(writer, key + ".txt", Encoding.UTF8.GetBytes($"a picture of sample {key}"));
            Add(writer, key + ".json", Encoding.UTF8.GetBytes(
                $"{{\"url\":\"https://images.example/{key}.jpg\",\"caption\":\"a picture of sample {key}\",\"key\":\"{key}\",\"status\":\"success\"," +
                $"\"error_message\":null,\"width\":256,\"height\":256,\"original_width\":1024,\"original_height\":768,\"exif\":\"{{}}\"," +
                $"\"sha256\":\"{Convert.ToHexStringLower(original)}\"}}"));
        }
        return registered;
    }

    private static void Add(TarWriter writer, string name, byte[] data) =>
        writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data, writable: false) });
}
