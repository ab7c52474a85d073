using System.Text;
using CreatorLedger.Datasets;
using CreatorLedger.Identity;
using CreatorLedger.Licensing;
using CreatorLedger.Sqlite;
using DuckDB.NET.Data;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// The consent index (issue 13): exporting every work of a large ledger as Parquet and as CSV — enumerating, deciding
/// and writing, flushed to disk — against writing the same rows, already made, as text lines to a plain file; then the
/// join a developer runs in DuckDB between the index and an img2dataset-style dataset ten times its size.
/// </summary>
internal static class ConsentBenchmark
{
    public static async Task<BenchmarkResult[]> RunAsync(int works, Action<string> log)
    {
        using var workspace = new Workspace("consent");
        var path = workspace.File("ledger.db");
        int creators = Math.Max(1, works / 1_000);
        log($"Writing a ledger of {creators:N0} creators x 1,000 works (not timed)...");
        await ProjectionBenchmark.WriteLedgerAsync(path, creators);
        FileSystem.Sync();
        using var store = SqliteEventStore.Open(path);
        LicenseProjection? projection = null;
        var loadSeconds = await Measure.SecondsAsync(async () => projection = await LicenseProjection.LoadAsync(store));
        var view = ConsentView.AsOf(projection!, LedgerTime.From(DateTimeOffset.UtcNow));
        var request = new DatasetRequest(IdentityId.Parse("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"), Use.AiTrainGenerative);

        // The baseline's rows are made before it is timed: it measures only writing the same text.
        var rows = new ConsentIndex(view, request).Rows.ToArray();
        var plain = workspace.File("plain.txt");
        var baselineBefore = Measure.Seconds(() => WritePlain(rows, plain));
        var parquet = workspace.File("consent.parquet");
        var csv = workspace.File("consent.csv");
        ConsentIndexSummary? summary = null;
        var parquetSeconds = await Measure.SecondsAsync(async () => summary = await ExportAsync(view, request, parquet, ConsentIndexFormat.Parquet));
        Check(summary!, rows.Length);
        var csvSeconds = await Measure.SecondsAsync(async () => summary = await ExportAsync(view, request, csv, ConsentIndexFormat.Csv));
        Check(summary!, rows.Length);
        var baselineAfter = Measure.Seconds(() => WritePlain(rows, plain));
        var baseline = Measure.MeanRate(rows.Length, baselineBefore, baselineAfter);
        var baselineText = "the same rows, made beforehand, written as text lines";

        var parquetResult = new BenchmarkResult($"Export-LedgerConsent core, Parquet, {rows.Length:N0} works", "works/s", rows.Length, parquetSeconds,
            baselineText, baseline, null) { MaxSeconds = 5.0 * rows.Length / 1_000_000 };
        parquetResult.Notes.Add($"file {new FileInfo(parquet).Length / 1048576.0:0.0} MiB; plain text {new FileInfo(plain).Length / 1048576.0:0.0} MiB; " +
            $"baseline runs {BenchmarkResult.FormatRate(rows.Length / baselineBefore)} and {BenchmarkResult.FormatRate(rows.Length / baselineAfter)} rows/s");
        parquetResult.Notes.Add($"timed from the loaded projection: works enumerated and sorted, decided, written and flushed; loading the projection " +
            $"from SQLite took {BenchmarkResult.FormatSeconds(loadSeconds)} s more (a saved projection loads in a fraction of that)");
        var csvResult = new BenchmarkResult($"Export-LedgerConsent core, CSV, {rows.Length:N0} works", "works/s", rows.Length, csvSeconds,
            baselineText, baseline, null);
        csvResult.Notes.Add($"file {new FileInfo(csv).Length / 1048576.0:0.0} MiB");
        rows = [];
        File.Delete(plain);
        File.Delete(csv);
        var results = new List<BenchmarkResult> { parquetResult, csvResult };
        if (PwshChild.RepositoryRoot() is { } root)
        {
            log("Export-LedgerConsent in a child pwsh with the built module...");
            var home = workspace.File("home");
            Directory.CreateDirectory(home);
            var child = PwshChild.Run<CmdletResult>(root, home, path, "Export-Consent.ps1", "-OutFile", workspace.File("cmdlet.parquet"),
                "-Licensee", request.Licensee.Value);
            if (child.Rows != works || child.Licensed != works)
                throw new InvalidOperationException($"Export-LedgerConsent wrote {child.Rows} rows, {child.Licensed} licensed; expected {works}.");
            var cmdlet = new BenchmarkResult($"Export-LedgerConsent (the cmdlet), Parquet, {works:N0} works", "works/s", works, child.Seconds,
                baselineText, baseline, null) { MaxSeconds = 5.0 * works / 1_000_000 };
            cmdlet.Notes.Add("from the saved projection (loaded and checked against the store), to the file moved into place and its SHA-256");
            results.Add(cmdlet);
            File.Delete(workspace.File("cmdlet.parquet"));
        }
        else log("Export-LedgerConsent cmdlet run skipped: the repository was not found above the benchmark.");

        var join = Join(workspace, parquet, (long)works * 10, works, log);
        return [.. results, .. join];
    }

    private sealed record CmdletResult(double Seconds, long Rows, long Licensed);

    private static async Task<ConsentIndexSummary> ExportAsync(ConsentView view, DatasetRequest request, string path, ConsentIndexFormat format)
    {
        await using var output = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        var summary = await new ConsentIndex(view, request).WriteAsync(output, format);
        output.Flush(flushToDisk: true);
        return summary;
    }

    private static void Check(ConsentIndexSummary summary, int works)
    {
        if (summary.Rows != works || summary.Licensed != works)
            throw new InvalidOperationException($"The index has {summary.Rows} rows, {summary.Licensed} licensed; expected {works}, all licensed.");
    }

    private static void WritePlain(ConsentIndexRow[] rows, string path)
    {
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using (var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
            foreach (var r in rows)
            {
                writer.Write(r.Work); writer.Write(','); writer.Write(r.Sha256); writer.Write(','); writer.Write(r.Decision); writer.Write(',');
                writer.Write(r.Reason); writer.Write(','); writer.Write(r.Owner); writer.Write(','); writer.Write(r.GrantIds); writer.Write("\r\n");
            }
        output.Flush(flushToDisk: true);
    }

    /// <summary>
    /// An img2dataset-style dataset of <paramref name="samples"/> rows (every 10th a registered work, 1% failed downloads
    /// without a digest, the rest digests nobody registered), written by DuckDB; then the README's left join with the
    /// index, timed as a count by decision and as every sample's decision written to Parquet.
    /// </summary>
    private static BenchmarkResult[] Join(Workspace workspace, string index, long samples, int works, Action<string> log)
    {
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        var dataset = workspace.File("dataset.parquet");
        log($"Writing an img2dataset-style dataset of {samples:N0} samples with DuckDB (not timed)...");
        Execute(duck, $"""
            COPY (
              SELECT lpad(r.range::VARCHAR, 10, '0') AS key, 'https://images.example/' || r.range || '.jpg' AS url, 'caption ' || r.range AS caption,
                     CASE WHEN r.range % 100 = 99 THEN 'failed_to_download' ELSE 'success' END AS status,
                     CASE WHEN r.range % 100 = 99 THEN NULL ELSE coalesce(i.sha256, sha256(r.range::VARCHAR)) END AS sha256,
                     256 AS width, 192 AS height
              FROM range({samples}) AS r
              LEFT JOIN (SELECT sha256, row_number() OVER () - 1 AS n FROM read_parquet('{index}')) AS i ON r.range = i.n * 10
            ) TO '{dataset}' (FORMAT parquet)
            """);
        FileSystem.Sync();
        var scan = Measure.Seconds(() => Scalar(duck, $"SELECT count(DISTINCT sha256) FROM read_parquet('{dataset}') WHERE status = 'success'"));
        const string joined = """
            FROM read_parquet('{dataset}') AS d
            LEFT JOIN read_parquet('{index}') AS i ON d.sha256 = i.sha256
            WHERE d.status = 'success'
            """;
        var from = joined.Replace("{dataset}", dataset).Replace("{index}", index);
        List<(string Decision, long Count)> counts = [];
        var countSeconds = Measure.Seconds(() => counts = Counts(duck, $"SELECT coalesce(i.decision, 'NotRegistered') AS decision, count(*) {from} GROUP BY ALL ORDER BY 1"));
        var decisions = workspace.File("decisions.parquet");
        var copySeconds = Measure.Seconds(() => Execute(duck,
            $"COPY (SELECT d.key, d.sha256, coalesce(i.decision, 'NotRegistered') AS decision, coalesce(i.reason, 'NotRegistered') AS reason {from}) TO '{decisions}' (FORMAT parquet)"));
        var written = Counts(duck, $"SELECT decision, count(*) FROM read_parquet('{decisions}') GROUP BY ALL ORDER BY 1");
        long licensed = Math.Min(works, (samples + 9) / 10);
        long successRows = Scalar(duck, $"SELECT count(*) FROM read_parquet('{dataset}') WHERE status = 'success'");
        List<(string, long)> expected = [("Licensed", licensed), ("NotRegistered", successRows - licensed)];
        if (!counts.SequenceEqual(expected) || !written.SequenceEqual(expected))
            throw new InvalidOperationException($"The join gave {string.Join(", ", counts)} and wrote {string.Join(", ", written)}; expected {string.Join(", ", expected)}.");
        var scanNote = $"baseline: DuckDB counting the distinct digests of the same samples (no join) {BenchmarkResult.FormatSeconds(scan)} s; " +
            $"dataset {new FileInfo(dataset).Length / 1048576.0:0} MiB, index {new FileInfo(index).Length / 1048576.0:0} MiB, {Environment.ProcessorCount} DuckDB threads";
        var count = new BenchmarkResult($"DuckDB left join, {samples:N0} samples x {works:N0}-work index, count by decision", "samples/s", samples, countSeconds,
            "distinct count of the dataset's digests", samples / scan, null);
        count.Notes.Add(scanNote);
        count.Notes.Add($"decisions: {string.Join(", ", counts.Select(c => $"{c.Decision} {c.Count:N0}"))}; failed downloads left out");
        var copy = new BenchmarkResult($"DuckDB left join, {samples:N0} samples, every sample's decision written to Parquet", "samples/s", samples, copySeconds,
            "distinct count of the dataset's digests", samples / scan, null);
        copy.Notes.Add($"written {new FileInfo(decisions).Length / 1048576.0:0} MiB");
        return [count, copy];
    }

    private static void Execute(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<(string, long)> Counts(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var counts = new List<(string, long)>();
        while (reader.Read()) counts.Add((reader.GetString(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
        return counts;
    }
}
