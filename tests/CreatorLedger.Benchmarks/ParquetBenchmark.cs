using System.Globalization;
using CreatorLedger.Datasets;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using DuckDB.NET.Data;
using Parquet;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// A Parquet digest column decided against the ledger (issue 13): an img2dataset-style file (key, sha256) of
/// <c>rows</c> rows written by DuckDB, a tenth of whose digests are registered works licensed to the developer, read with
/// <see cref="ParquetQueue"/> and decided through <see cref="DatasetCheck"/>, as Test-LedgerLicense -Parquet does. The
/// baseline reads the same column (the digest text, not parsed) with Parquet.Net on all cores. The ledger (one
/// creator per 1,000 works, each with a grant) is built and signed in memory.
/// </summary>
internal static class ParquetBenchmark
{
    public static async Task<BenchmarkResult[]> RunAsync(int rows, int works, Action<string> log, bool profile)
    {
        using var workspace = new Workspace("parquet");
        var at = LedgerTime.From(DateTimeOffset.UtcNow.AddDays(-1));
        log($"Signing a ledger of {works:N0} works in memory and writing {rows:N0} rows with DuckDB (not timed)...");
        using var developer = SigningKey.Generate();
        var view = ConsentView.AsOf(Ledger(works, developer.Id, at), LedgerTime.From(DateTimeOffset.UtcNow));
        var request = new DatasetRequest(developer.Id, Use.AiTrain);
        var path = workspace.File("00000.parquet");
        // Row i holds the SHA-256 of the text of i (DuckDB's sha256): the registered works are those of every tenth i.
        Write(path, $"SELECT lpad(i::VARCHAR, 9, '0') AS key, sha256(i::VARCHAR) AS sha256 FROM range({rows}) t(i)");
        long groups;
        await using (var reader = await ParquetReader.CreateAsync(path)) groups = reader.RowGroupCount;
        _ = File.ReadAllBytes(path);

        var baselineBefore = await Measure.SecondsAsync(() => ReadColumnAsync(path));
        long licensed = 0, decided = 0;
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        long allocated = GC.GetTotalAllocatedBytes();
        var seconds = await Measure.SecondsAsync(async () => (decided, licensed) = await DecideAsync(path, view, request));
        allocated = GC.GetTotalAllocatedBytes() - allocated;
        collections = [GC.CollectionCount(0) - collections[0], GC.CollectionCount(1) - collections[1], GC.CollectionCount(2) - collections[2]];
        var baselineAfter = await Measure.SecondsAsync(() => ReadColumnAsync(path));
        if (decided != rows || licensed != Math.Min(works, (rows + 9) / 10))
            throw new InvalidOperationException($"{decided:N0} rows decided, {licensed:N0} licensed; expected {rows:N0} and {Math.Min(works, (rows + 9) / 10):N0}.");

        var result = new BenchmarkResult($"Parquet digest column of {rows:N0} rows decided against {works:N0} works", "rows/s", rows, seconds,
            "the same column read alone (Parquet.Net), all cores", Measure.MeanRate(rows, baselineBefore, baselineAfter), null) { MinRate = 1_000_000 };
        result.Notes.Add($"{new FileInfo(path).Length / 1048576.0:0} MiB, {groups} row groups (DuckDB's defaults: Snappy); baseline runs " +
            $"{BenchmarkResult.FormatRate(rows / baselineBefore)} and {BenchmarkResult.FormatRate(rows / baselineAfter)} rows/s");
        result.Notes.Add($"allocated {allocated / (double)rows:0} bytes per row; garbage collections gen0 {collections[0]}, gen1 {collections[1]}, gen2 {collections[2]}");
        if (profile)
        {
            var read = await Measure.SecondsAsync(() => SamplesAsync(path));
            var decide = Measure.Seconds(() => DecideOnly(rows, view, request));
            result.Notes.Add($"profile: reading the rows into samples (digests parsed, rows named) {BenchmarkResult.FormatRate(rows / read)} rows/s; " +
                $"deciding as many digests held in memory, one thread {BenchmarkResult.FormatRate(rows / decide)}/s");
        }
        return [result];
    }

    /// <summary>The product path: the queue reads ahead on all cores while the check decides, in row order.</summary>
    private static async Task<(long Decided, long Licensed)> DecideAsync(string path, ConsentView view, DatasetRequest request)
    {
        long decided = 0, licensed = 0;
        using var check = new DatasetCheck(view, request);
        void Take(DatasetChunk chunk)
        {
            foreach (var decision in chunk.Decide())
            {
                decided++;
                if (decision.IsLicensed) licensed++;
            }
        }
        foreach (var reading in new ParquetQueue([path], ParquetColumns.Digest()).InOrder())
        {
            var part = await reading;
            foreach (var sample in part.Samples)
                if (check.Add(sample) is { } chunk)
                {
                    await chunk.Ready;
                    Take(chunk);
                }
        }
        foreach (var chunk in check.Complete())
        {
            await chunk.Ready;
            Take(chunk);
        }
        return (decided, licensed);
    }

    private static async Task SamplesAsync(string path)
    {
        long count = 0;
        foreach (var reading in new ParquetQueue([path], ParquetColumns.Digest()).InOrder()) count += (await reading).Samples.Count;
    }

    private static void DecideOnly(int rows, ConsentView view, DatasetRequest request)
    {
        var digests = new WorkId[Math.Min(rows, 1_000_000)];
        for (int i = 0; i < digests.Length; i++) digests[i] = Digest(i);
        for (int i = 0; i < rows; i++) view.Decide(request.For(digests[i % digests.Length]));
    }

    /// <summary>The digest column alone: each row group's text values, split over one reader per core.</summary>
    private static async Task ReadColumnAsync(string path)
    {
        int cores = Environment.ProcessorCount;
        long[] values = new long[cores];
        await Parallel.ForAsync(0, cores, async (core, ct) =>
        {
            await using var stream = File.OpenRead(path);
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct);
            var field = reader.Schema.DataFields.Single(f => f.Name == "sha256");
            for (int g = core; g < reader.RowGroupCount; g += cores)
            {
                var group = reader.RowGroups[g];
                var text = new ReadOnlyMemory<char>[group.RowCount];
                var levels = new int[group.RowCount];
                await group.ReadRawAsync(field, text.AsMemory(), levels.AsMemory(), null, ct);
                foreach (var t in text) values[core] += t.Length;
            }
        });
        if (values.Sum() == 0) throw new InvalidOperationException("The baseline read no digest.");
    }

    private static WorkId Digest(long i) => WorkId.FromHash(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.ASCII.GetBytes(i.ToString(CultureInfo.InvariantCulture))));

    /// <summary>Creators of 1,000 works each (the digests of every tenth row), each granting them all to the developer.</summary>
    private static LicenseProjection Ledger(int works, IdentityId developer, LedgerTime at)
    {
        var envelopes = new List<UnsignedEnvelope>(works + works / 500 + 2);
        var signers = new List<SigningKey>();
        var keys = new List<SigningKey>();
        for (int first = 0; first < works; first += 1_000)
        {
            var key = SigningKey.Generate();
            keys.Add(key);
            var drafts = new List<EventDraft> { new IdentityCreated($"Creator {first / 1_000}", "creator").ToDraft() };
            for (int w = first; w < Math.Min(works, first + 1_000); w++)
                drafts.Add(new RegisteredWork(Digest(10L * w), $"work {w}", "image/jpeg", 1).ToDraft());
            drafts.Add(new LicenseGranted(null, null, developer, [Use.AiTrain], true, new Window(at), null, new LicenseTerms(null, false)).ToDraft());
            var chain = PayoutBenchmark.Chain(key.Id, at, drafts);
            envelopes.AddRange(chain);
            signers.AddRange(Enumerable.Repeat(key, chain.Count));
        }
        var signed = new RecordedEvent[envelopes.Count];
        Parallel.For(0, signed.Length, i => signed[i] = new RecordedEvent(SignedEvent.Sign(envelopes[i], signers[i]), i + 1, at));
        foreach (var key in keys) key.Dispose();
        return LicenseProjection.From(signed);
    }

    private static void Write(string path, string select)
    {
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"COPY ({select}) TO '{path}' (FORMAT parquet)";
        command.ExecuteNonQuery();
    }
}
