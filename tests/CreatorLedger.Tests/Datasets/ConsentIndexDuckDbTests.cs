using System.Globalization;
using System.Text.RegularExpressions;
using CreatorLedger.Datasets;
using CreatorLedger.Licensing;
using DuckDB.NET.Data;
using Xunit;
using static CreatorLedger.Tests.Datasets.ConsentIndexLedger;

namespace CreatorLedger.Tests.Datasets;

/// <summary>
/// DESIGN §10: a dataset too big for one machine is checked by joining the consent index with the dataset's digest
/// column in an engine. Here the engine is DuckDB (native, in process), the dataset an img2dataset-style Parquet file
/// written by DuckDB itself, and the join is the one the README shows: it must give every sample the decision the
/// ledger gives its digest, NotRegistered included.
/// </summary>
public sealed class ConsentIndexDuckDbTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>The README's DuckDB query, as written there (STYLE practice 10: the README's examples are run).</summary>
    private static string ReadmeQuery()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var readme = Path.Combine(dir.FullName, "README.md");
            if (!File.Exists(readme) || !File.Exists(Path.Combine(dir.FullName, "CreatorLedger.psd1"))) continue;
            var match = Regex.Match(File.ReadAllText(readme), @"(?s)<!-- readme-duckdb:start -->\s*```sql\s*(.*?)```\s*<!-- readme-duckdb:end -->");
            Assert.True(match.Success, "README.md has no readme-duckdb example.");
            return match.Groups[1].Value;
        }
        throw new InvalidOperationException("README.md was not found above the test assembly.");
    }

    private static string Hex(WorkId work) => work.Value["sha256:".Length..];

    /// <summary>
    /// An img2dataset shard's metadata: key, url, caption, status, sha256 (bare hex of the original download), width,
    /// height. Samples of every kind the ledger knows, one nobody registered, and failed downloads (no sha256).
    /// </summary>
    private static readonly (string Key, WorkId? Work)[] Samples =
    [
        ("000000000", Licensed), ("000000001", NoGrant), ("000000002", Revoked), ("000000003", Expired), ("000000004", OtherLicensee),
        ("000000005", Disputed), ("000000006", Late), ("000000007", Withdrawn), ("000000008", Unregistered), ("000000009", null),
        ("000000010", Licensed), ("000000011", null),
    ];

    private string WriteDataset(DuckDBConnection duck)
    {
        var path = _directory.File("00000.parquet");
        var rows = string.Join(",\n", Samples.Select((s, i) => string.Create(CultureInfo.InvariantCulture,
            $"('{s.Key}', 'https://images.example/{i}.jpg', 'caption {i}', '{(s.Work is null ? "failed_to_download" : "success")}', " +
            $"{(s.Work is { } w ? $"'{Hex(w)}'" : "NULL")}, {(s.Work is null ? "NULL" : "256")}, {(s.Work is null ? "NULL" : "192")})")));
        Execute(duck, $"""
            COPY (SELECT * FROM (VALUES {rows}) AS t(key, url, caption, status, sha256, width, height))
            TO '{path}' (FORMAT parquet)
            """);
        return path;
    }

    private static void Execute(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<(string Key, string Decision, string Reason, string? Owner, string? GrantIds, string? Checkpoint)> Query(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string, string, string?, string?, string?)>();
        string? Text(string column) => reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetString(reader.GetOrdinal(column));
        while (reader.Read())
            rows.Add((Text("key")!, Text("decision")!, Text("reason")!, Text("owner"), Text("grant_ids"), Text("checkpoint")));
        return rows;
    }

    private async Task<string> ExportAsync(ConsentIndex index, ConsentIndexFormat format)
    {
        var path = _directory.File(format == ConsentIndexFormat.Csv ? "consent.csv" : "consent.parquet");
        await using var file = File.Create(path);
        await index.WriteAsync(file, format);
        return path;
    }

    [Theory]
    [InlineData(ConsentIndexFormat.Parquet)]
    [InlineData(ConsentIndexFormat.Csv)]
    public async Task LeftJoin_InDuckDb_GivesEverySampleTheLedgersDecision(ConsentIndexFormat format)
    {
        var ledger = new ConsentIndexLedger();
        var view = ledger.Head;
        var index = new ConsentIndex(view, ledger.ForDana);
        var indexPath = await ExportAsync(index, format);
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        var dataset = WriteDataset(duck);

        var source = format == ConsentIndexFormat.Csv ? $"read_csv('{indexPath}', header = true)" : $"read_parquet('{indexPath}')";
        var query = ReadmeQuery();
        Assert.Contains("read_parquet('shards/*.parquet')", query);
        Assert.Contains("read_parquet('consent.parquet')", query);
        var joined = Query(duck, query.Replace("read_parquet('shards/*.parquet')", $"read_parquet('{dataset}')").Replace("read_parquet('consent.parquet')", source));

        var downloaded = Samples.Where(s => s.Work is not null).ToList();
        Assert.Equal(downloaded.Select(s => s.Key), joined.Select(r => r.Key));
        foreach (var (sample, row) in downloaded.Zip(joined))
        {
            var decision = view.Decide(ledger.ForDana.For(sample.Work!.Value));
            Assert.Equal((decision.Decision, decision.Reason.ToString(), decision.Owner?.Value), (row.Decision, row.Reason, row.Owner));
            Assert.Equal(decision.GrantIds.Count == 0 ? null : string.Join(' ', decision.GrantIds.Select(g => g.Hex)), row.GrantIds);
            Assert.Equal(decision.Reason == ConsentReason.NotRegistered ? null : view.Checkpoint.ToString(), row.Checkpoint);
        }
        var reasons = joined.Select(r => r.Reason).ToHashSet();
        Assert.Superset(new HashSet<string> { "Licensed", "NoGrant", "Revoked", "Expired", "LicenseeNotCovered", "Disputed", "NotRegistered" }, reasons);
    }

    [Fact]
    public async Task DuckDb_ReadsTheIndexSchema_AsTypedColumns()
    {
        var ledger = new ConsentIndexLedger();
        var indexPath = await ExportAsync(new ConsentIndex(ledger.Head, ledger.ForDana), ConsentIndexFormat.Parquet);
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT column_name, column_type, \"null\" FROM (DESCRIBE SELECT * FROM read_parquet('{indexPath}'))";
        using var reader = command.ExecuteReader();
        var columns = new List<(string, string)>();
        while (reader.Read()) columns.Add((reader.GetString(0), reader.GetString(1)));

        Assert.Equal(ConsentIndexColumns.All, columns.Select(c => c.Item1));
        Assert.Equal("BOOLEAN", columns.Single(c => c.Item1 == "commercial").Item2);
        Assert.All(columns.Where(c => c.Item1 != "commercial"), c => Assert.Equal("VARCHAR", c.Item2));
    }
}
