using System.Globalization;
using System.Text;
using CreatorLedger.Datasets;
using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Payouts;

/// <summary>
/// The payout statement file, whose SHA-256 a society puts on the ledger: CSV with the <see cref="StatementRow.Columns"/>,
/// every field quoted, as PowerShell's <c>Export-Csv</c> writes <c>Get-LedgerPayout</c>'s lines. Read back, it says what it
/// was computed for (period, currency, rule, checkpoint, society), so anyone can recompute it from the ledger and compare.
/// </summary>
public static class StatementFile
{
    /// <summary>The file's bytes: UTF-8 without a byte order mark, every field quoted, one line per row ending in <c>\n</c>.</summary>
    public static byte[] Write(IEnumerable<StatementRow> rows)
    {
        var text = new StringBuilder();
        void Line(IEnumerable<string> values) => text.Append(string.Join(",", values.Select(v => "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))).Append('\n');
        Line(StatementRow.Columns);
        foreach (var row in rows) Line(row.Values);
        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    /// <summary>The statement's rows; <see cref="InvalidDataException"/> for a file that is not one.</summary>
    public static IReadOnlyList<StatementRow> Read(byte[] bytes, string name)
    {
        var records = Csv.Records(new StringReader(new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF'))).ToList();
        var columns = string.Join(",", StatementRow.Columns);
        if (records.Count == 0 || !records[0].SequenceEqual(StatementRow.Columns))
            throw new InvalidDataException($"'{name}' is not a payout statement: its header must be {columns} (Get-LedgerPayout | Export-Csv writes it).");
        var lines = records.Skip(1).ToList();
        if (lines.Count == 0) throw new InvalidDataException($"'{name}' holds no statement line.");
        if (lines.Any(l => l.Length != StatementRow.Columns.Count)) throw new InvalidDataException($"'{name}' has a line with a wrong number of fields.");
        return [.. lines.Select(StatementRow.FromValues)];
    }

    /// <summary>The request a statement's rows were computed for (the pool of a pool statement is its total), and its checkpoint.</summary>
    public static (PayoutRequest Request, Checkpoint Checkpoint) RequestOf(IReadOnlyList<StatementRow> rows, string name, IReadOnlyDictionary<WorkId, decimal>? weights)
    {
        string Single(Func<StatementRow, string> column, string what)
        {
            var values = rows.Select(column).Distinct().ToArray();
            return values.Length == 1 ? values[0] : throw new InvalidDataException($"'{name}' mixes {what} values ({string.Join(", ", values)}).");
        }
        var period = Single(r => r.Period, nameof(StatementRow.Period));
        if (!UsageReported.IsPeriod(period)) throw new InvalidDataException($"'{name}' has period '{period}', not yyyy-MM.");
        if (!Currency.TryFind(Single(r => r.Currency, nameof(StatementRow.Currency)), out var currency)) throw new InvalidDataException($"'{name}' has an unknown currency.");
        if (!Checkpoint.TryParse(Single(r => r.Checkpoint, nameof(StatementRow.Checkpoint)), out var checkpoint)) throw new InvalidDataException($"'{name}' has no valid checkpoint.");
        var rule = Single(r => r.Rule, nameof(StatementRow.Rule)) switch
        {
            "pool" => PayoutRule.Pool,
            "fees" => PayoutRule.Fees,
            var other => throw new InvalidDataException($"'{name}' has rule '{other}', neither pool nor fees."),
        };
        var societyText = Single(r => r.Society, nameof(StatementRow.Society));
        IdentityId? society = societyText.Length == 0 ? null
            : IdentityId.TryParse(societyText, out var s) ? s : throw new InvalidDataException($"'{name}' names society '{societyText}', not a did:key.");
        decimal total = 0;
        foreach (var row in rows)
        {
            if (!decimal.TryParse(row.Gross, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                throw new InvalidDataException($"'{name}' has gross '{row.Gross}', not an amount.");
            total += amount;
        }
        return (new PayoutRequest(period, currency, rule, rule == PayoutRule.Pool ? total : null, weights, society), checkpoint);
    }

    /// <summary>Where a file's rows and the recomputed ones differ, field by field (empty: the same statement).</summary>
    public static List<string> Differences(IReadOnlyList<StatementRow> file, IReadOnlyList<StatementRow> computed)
    {
        var differences = new List<string>();
        if (file.Count != computed.Count) differences.Add($"the file has {file.Count} line(s), the ledger yields {computed.Count}");
        for (int i = 0; i < Math.Min(file.Count, computed.Count); i++)
        {
            var mine = file[i].Values;
            var theirs = computed[i].Values;
            for (int c = 0; c < theirs.Count; c++)
                if (mine[c] != theirs[c]) differences.Add($"line {i + 1}, {StatementRow.Columns[c]}: the file says '{mine[c]}', the ledger yields '{theirs[c]}'");
        }
        return differences;
    }

    /// <summary>Weights per work from a CSV with Work (or Digest) and Weight columns; <see cref="InvalidDataException"/> for one that is not.</summary>
    public static Dictionary<WorkId, decimal> ReadWeights(string path)
    {
        using var reader = new StreamReader(path);
        var records = Csv.Records(reader).ToList();
        var header = records.Count > 0 ? records[0] : [];
        int work = Array.FindIndex(header, h => h is "Work" or "Digest" or "work" or "digest");
        int weight = Array.FindIndex(header, h => h is "Weight" or "weight");
        if (work < 0 || weight < 0) throw new InvalidDataException($"'{path}' needs a Work (or Digest) column and a Weight column.");
        var weights = new Dictionary<WorkId, decimal>();
        foreach (var record in records.Skip(1))
        {
            if (!WorkId.TryParse(record.ElementAtOrDefault(work), out var id))
                throw new InvalidDataException($"'{path}': '{record.ElementAtOrDefault(work)}' is not a work digest.");
            if (!decimal.TryParse(record.ElementAtOrDefault(weight), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var w))
                throw new InvalidDataException($"'{path}': the weight of {id} is '{record.ElementAtOrDefault(weight)}', not a non-negative number.");
            weights[id] = w;
        }
        return weights;
    }
}
