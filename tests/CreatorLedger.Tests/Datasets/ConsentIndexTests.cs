using CreatorLedger.Datasets;
using CreatorLedger.Licensing;
using CreatorLedger.Tests.Licensing;
using Parquet;
using Xunit;
using static CreatorLedger.Tests.Datasets.ConsentIndexLedger;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Datasets;

/// <summary>The consent index (DESIGN §10): one row per registered work, decided as every other decision is, written as Parquet and CSV.</summary>
public sealed class ConsentIndexTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static string Hex(WorkId work) => work.Value["sha256:".Length..];

    /// <summary>The row the index must hold for <paramref name="work"/>: what <see cref="ConsentView.Decide"/> says of it, written out.</summary>
    private static ConsentIndexRow Expected(ConsentView view, DatasetRequest request, WorkId work)
    {
        var d = view.Decide(request.For(work));
        return new ConsentIndexRow(work.Value, Hex(work), d.Decision, d.Reason.ToString(), d.Owner?.Value,
            d.GrantIds.Count == 0 ? null : string.Join(' ', d.GrantIds.Select(g => g.Hex)));
    }

    [Fact]
    public void Rows_AtTheHead_AreEveryRegisteredWorkOnce_InDigestOrder_DecidedAsConsentViewDecides()
    {
        var ledger = new ConsentIndexLedger();
        var view = ledger.Head;
        var index = new ConsentIndex(view, ledger.ForDana);

        var rows = index.Rows.ToList();

        WorkId[] registered = [Licensed, NoGrant, Revoked, Expired, OtherLicensee, Disputed, Late];
        Assert.Equal(registered.Select(Hex).Order(StringComparer.Ordinal), rows.Select(r => r.Sha256));
        Assert.Equal(registered.Length, index.Count);
        foreach (var row in rows)
            Assert.Equal(Expected(view, ledger.ForDana, WorkId.Parse(row.Work)), row);
        var byWork = rows.ToDictionary(r => WorkId.Parse(r.Work));
        Assert.Equal(("Licensed", "Licensed"), (byWork[Licensed].Decision, byWork[Licensed].Reason));
        Assert.Equal(("NotLicensed", "NoGrant"), (byWork[NoGrant].Decision, byWork[NoGrant].Reason));
        Assert.Equal("Revoked", byWork[Revoked].Reason);
        Assert.Equal("Expired", byWork[Expired].Reason);
        Assert.Equal("LicenseeNotCovered", byWork[OtherLicensee].Reason);
        Assert.Equal(("Disputed", null, null), (byWork[Disputed].Decision, byWork[Disputed].Owner, byWork[Disputed].GrantIds));
        Assert.Equal(ledger.Scenario.Alice.Id.Value, byWork[Licensed].Owner);
        Assert.Matches("^[0-9a-f]{64}$", byWork[Licensed].GrantIds!);
        Assert.DoesNotContain(Withdrawn, byWork.Keys);
    }

    [Fact]
    public void Rows_AtACheckpoint_AreTheLedgerAsItWasThen_WithWindowsAtTheTimeGiven()
    {
        var ledger = new ConsentIndexLedger();
        var view = ledger.AtCheckpoint(Day(3));
        var index = new ConsentIndex(view, ledger.ForDana);

        var rows = index.Rows.ToDictionary(r => WorkId.Parse(r.Work));

        Assert.Contains(Withdrawn, rows.Keys);
        Assert.DoesNotContain(Late, rows.Keys);
        Assert.Equal(7, rows.Count);
        foreach (var (work, row) in rows) Assert.Equal(Expected(view, ledger.ForDana, work), row);
        // On day 3 the revocation (effective day 4) and the expiry (day 5) are still ahead.
        Assert.Equal("Licensed", rows[Revoked].Decision);
        Assert.Equal("Licensed", rows[Expired].Decision);
        Assert.Equal("Licensed", rows[Withdrawn].Decision);
        Assert.Equal(ledger.Checkpoint.ToString(), index.CheckpointText);
        Assert.Equal("2026-01-03T00:00:00.000Z", index.EvaluatedAtText);
    }

    [Fact]
    public async Task AWorkOnAListsSha256Hashes_IsProhibitedInTheIndex_WhateverItsGrants_AndCounted()
    {
        var ledger = new ConsentIndexLedger();
        var view = ledger.Head;
        var listPath = Path.Combine(_directory.Path, "list.txt");
        File.WriteAllText(listPath, $"# name: hotline\n{Hex(Licensed)}\n{new string('0', 32)}\n");
        var index = new ConsentIndex(view, ledger.ForDana, new CreatorLedger.Datasets.Screening.ScreeningLists([CreatorLedger.Datasets.Screening.Blocklist.Load(listPath)]));

        var rows = index.Rows.ToDictionary(r => WorkId.Parse(r.Work));
        using var output = new MemoryStream();
        var summary = await index.WriteAsync(output, ConsentIndexFormat.Csv);

        Assert.Equal(("Prohibited", "Sha256Match", null, null), (rows[Licensed].Decision, rows[Licensed].Reason, rows[Licensed].Owner, rows[Licensed].GrantIds));
        Assert.Equal(Expected(view, ledger.ForDana, NoGrant), rows[NoGrant]);
        Assert.Equal(1, summary.Prohibited);
        Assert.Equal(summary.Rows, summary.Licensed + summary.NotLicensed + summary.Disputed + summary.Prohibited);
    }

    [Fact]
    public void Rows_ComeInBatches_WithoutChangingThem()
    {
        var ledger = new ConsentIndexLedger();
        var whole = new ConsentIndex(ledger.Head, ledger.ForDana).Rows.ToList();

        var batched = new ConsentIndex(ledger.Head, ledger.ForDana).Batches(3, CancellationToken.None).SelectMany(b => Enumerable.Range(0, b.Count).Select(b.Row).ToList()).ToList();

        Assert.Equal(whole, batched);
    }

    [Fact]
    public async Task Parquet_ReadBack_EqualsTheRows_WithTheRequestInEveryRowAndInTheMetadata()
    {
        var ledger = new ConsentIndexLedger();
        var request = new DatasetRequest(ledger.Scenario.Dana.Id, Use.AiTrainGenerative, commercial: true, territory: "DE");
        var index = new ConsentIndex(ledger.Head, request);
        var path = _directory.File("index.parquet");

        ConsentIndexSummary summary;
        await using (var file = File.Create(path)) summary = await index.WriteAsync(file, ConsentIndexFormat.Parquet);

        var expected = index.Rows.ToList();
        await using var reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(ConsentIndexColumns.All, reader.Schema.DataFields.Select(f => f.Name));
        var columns = new Dictionary<string, string?[]>();
        bool[] commercial = [];
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.OpenRowGroupReader(g);
            foreach (var field in reader.Schema.DataFields)
            {
                if (field.Name == ConsentIndexColumns.Commercial)
                {
                    var flags = new bool[group.RowCount];
                    await group.ReadAsync(field, flags.AsMemory());
                    commercial = [.. commercial, .. flags];
                    continue;
                }
                var values = new string?[group.RowCount];
                await group.ReadAsync(field, values.AsMemory());
                columns[field.Name] = [.. columns.GetValueOrDefault(field.Name) ?? [], .. values];
            }
        }
        var read = Enumerable.Range(0, expected.Count).Select(i => new ConsentIndexRow(columns["work"][i]!, columns["sha256"][i]!, columns["decision"][i]!,
            columns["reason"][i]!, columns["owner"][i], columns["grant_ids"][i])).ToList();
        Assert.Equal(expected, read);
        Assert.All(columns["licensee"], v => Assert.Equal(ledger.Scenario.Dana.Id.Value, v));
        Assert.All(columns["use"], v => Assert.Equal("ai-train.genai", v));
        Assert.All(commercial, Assert.True);
        Assert.Equal(expected.Count, commercial.Length);
        Assert.All(columns["territory"], v => Assert.Equal("DE", v));
        Assert.All(columns["checkpoint"], v => Assert.Equal(ledger.Head.Checkpoint.ToString(), v));
        Assert.All(columns["evaluated_at"], v => Assert.Equal("2026-01-10T00:00:00.000Z", v));
        Assert.Equal(ledger.Head.Checkpoint.ToString(), reader.CustomMetadata["creatorledger.checkpoint"]);
        Assert.Equal("ai-train.genai", reader.CustomMetadata["creatorledger.use"]);
        // Commercial use was asked for and no grant allows it: nothing is licensed.
        Assert.Equal("CommercialNotAllowed", read.Single(r => r.Work == Licensed.Value).Reason);
        Assert.Equal((7L, 0L, 6L, 1L), (summary.Rows, summary.Licensed, summary.NotLicensed, summary.Disputed));
    }

    [Fact]
    public async Task Csv_ParsesBack_ToTheRows_WithAHeaderAndEmptyFieldsForNull()
    {
        var ledger = new ConsentIndexLedger();
        var index = new ConsentIndex(ledger.Head, ledger.ForDana);
        using var output = new MemoryStream();

        var summary = await index.WriteAsync(output, ConsentIndexFormat.Csv);

        var text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.False(text.StartsWith('\uFEFF'));
        Assert.EndsWith("\r\n", text);
        var records = Csv.Records(new StringReader(text)).ToList();
        Assert.Equal(ConsentIndexColumns.All, records[0]);
        var read = records.Skip(1).Select(r => new ConsentIndexRow(r[0], r[1], r[2], r[3], r[4] == "" ? null : r[4], r[5] == "" ? null : r[5])).ToList();
        Assert.Equal(index.Rows.ToList(), read);
        Assert.All(records.Skip(1), r => Assert.Equal(
            [ledger.Scenario.Dana.Id.Value, "ai-train.genai", "false", "", ledger.Head.Checkpoint.ToString(), "2026-01-10T00:00:00.000Z"], r[6..]));
        Assert.Equal(7, summary.Rows);
    }

    [Theory]
    [InlineData(ConsentIndexFormat.Parquet)]
    [InlineData(ConsentIndexFormat.Csv)]
    public async Task WriteAsync_WhenCancelled_Stops(ConsentIndexFormat format)
    {
        var ledger = new ConsentIndexLedger();
        var index = new ConsentIndex(ledger.Head, ledger.ForDana);
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.WriteAsync(new MemoryStream(), format, null, stop.Token));
    }

    [Fact]
    public void CsvField_IsQuotedOnlyWhenItMustBe()
    {
        Assert.Equal("plain", ConsentIndexCsv.Field("plain"));
        Assert.Equal("", ConsentIndexCsv.Field(null));
        Assert.Equal("\"a,b\"", ConsentIndexCsv.Field("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", ConsentIndexCsv.Field("say \"hi\""));
        Assert.Equal("\"two\r\nlines\"", ConsentIndexCsv.Field("two\r\nlines"));
    }

    [Fact]
    public async Task EmptyLedger_WritesAnIndexWithNoRows_InBothFormats()
    {
        var ledger = new LedgerScenario();
        var index = new ConsentIndex(ConsentView.AsOf(ledger.Events, Day(2)), new DatasetRequest(ledger.Dana.Id, Use.AiTrain));
        var path = _directory.File("empty.parquet");
        await using (var file = File.Create(path)) Assert.Equal(0, (await index.WriteAsync(file, ConsentIndexFormat.Parquet)).Rows);
        await using var reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(ConsentIndexColumns.All, reader.Schema.DataFields.Select(f => f.Name));
        Assert.Equal(0, reader.RowGroups.Sum(g => g.RowCount));

        using var csv = new MemoryStream();
        await index.WriteAsync(csv, ConsentIndexFormat.Csv);
        Assert.Equal(string.Join(",", ConsentIndexColumns.All) + "\r\n", System.Text.Encoding.UTF8.GetString(csv.ToArray()));
    }
}
