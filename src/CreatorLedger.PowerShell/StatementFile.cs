using System.Management.Automation;
using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Payouts;

namespace CreatorLedger.PowerShell;

/// <summary>
/// Payout statements as files: the lines Get-LedgerPayout writes (and Export-Csv saves), read back, and the request
/// they were computed for worked out from them, so that a statement can be recomputed from the ledger and compared.
/// </summary>
internal static class StatementFile
{
    public static PayoutLine ToOutput(Payouts.PayoutLine line, PayoutStatement statement, LicenseView names) => new()
    {
        Period = statement.Request.Period,
        Currency = statement.Request.Currency.Code,
        Checkpoint = statement.Checkpoint.ToString(),
        Rule = line.Rule == PayoutRule.Pool ? "pool" : "fees",
        Society = statement.Request.Society?.Value ?? "",
        Owner = line.Owner.Value,
        OwnerName = Resolve.NameOf(line.Owner, names) ?? "",
        Mandate = line.Mandate?.Hex ?? "",
        CommissionPercent = line.CommissionPercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Gross = statement.Request.Currency.Format(line.Gross),
        Commission = statement.Request.Currency.Format(line.Commission),
        Net = statement.Request.Currency.Format(line.Net),
        Works = string.Join(' ', line.Works.Select(w => w.Value)),
        Grants = string.Join(' ', line.Grants.Select(g => g.Hex)),
        UsageReports = string.Join(' ', line.UsageReports.Select(r => r.Hex)),
    };

    /// <summary>The statement's lines; throws <see cref="InvalidDataException"/> for a file that is not one.</summary>
    public static List<string[]> ReadLines(byte[] bytes, string path)
    {
        var records = Csv.Records(new StringReader(new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF'))).ToList();
        if (records.Count == 0 || !records[0].SequenceEqual(PayoutLine.Columns))
            throw new InvalidDataException($"'{path}' is not a payout statement: its header must be {string.Join(",", PayoutLine.Columns)} (Get-LedgerPayout | Export-Csv writes it).");
        var lines = records.Skip(1).ToList();
        if (lines.Count == 0) throw new InvalidDataException($"'{path}' holds no statement line.");
        if (lines.Any(l => l.Length != PayoutLine.Columns.Length)) throw new InvalidDataException($"'{path}' has a line with a wrong number of fields.");
        return lines;
    }

    /// <summary>The request a statement's lines were computed for (the pool of a pool statement is its total).</summary>
    public static (PayoutRequest Request, Base.Checkpoint Checkpoint) RequestOf(List<string[]> lines, string path, IReadOnlyDictionary<WorkId, decimal>? weights)
    {
        string Single(string column)
        {
            int i = Array.IndexOf(PayoutLine.Columns, column);
            var values = lines.Select(l => l[i]).Distinct().ToArray();
            return values.Length == 1 ? values[0] : throw new InvalidDataException($"'{path}' mixes {column} values ({string.Join(", ", values)}).");
        }
        var period = Single(nameof(PayoutLine.Period));
        if (!UsageReported.IsPeriod(period)) throw new InvalidDataException($"'{path}' has period '{period}', not yyyy-MM.");
        if (!Currency.TryFind(Single(nameof(PayoutLine.Currency)), out var currency)) throw new InvalidDataException($"'{path}' has an unknown currency.");
        if (!Base.Checkpoint.TryParse(Single(nameof(PayoutLine.Checkpoint)), out var checkpoint)) throw new InvalidDataException($"'{path}' has no valid checkpoint.");
        var rule = Single(nameof(PayoutLine.Rule)) switch
        {
            "pool" => PayoutRule.Pool,
            "fees" => PayoutRule.Fees,
            var other => throw new InvalidDataException($"'{path}' has rule '{other}', neither pool nor fees."),
        };
        var societyText = Single(nameof(PayoutLine.Society));
        IdentityId? society = societyText.Length == 0 ? null
            : IdentityId.TryParse(societyText, out var s) ? s : throw new InvalidDataException($"'{path}' names society '{societyText}', not a did:key.");
        decimal total = 0;
        int gross = Array.IndexOf(PayoutLine.Columns, nameof(PayoutLine.Gross));
        foreach (var line in lines)
        {
            if (!decimal.TryParse(line[gross], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var amount))
                throw new InvalidDataException($"'{path}' has gross '{line[gross]}', not an amount.");
            total += amount;
        }
        return (new PayoutRequest(period, currency, rule, rule == PayoutRule.Pool ? total : null, weights, society), checkpoint);
    }

    /// <summary>Where the file's lines and the recomputed ones differ, field by field (empty: the same statement).</summary>
    public static List<string> Differences(List<string[]> file, IReadOnlyList<PayoutLine> computed)
    {
        var differences = new List<string>();
        if (file.Count != computed.Count) differences.Add($"the file has {file.Count} line(s), the ledger yields {computed.Count}");
        for (int i = 0; i < Math.Min(file.Count, computed.Count); i++)
        {
            var values = computed[i].Values;
            for (int c = 0; c < values.Length; c++)
                if (file[i][c] != values[c]) differences.Add($"line {i + 1}, {PayoutLine.Columns[c]}: the file says '{file[i][c]}', the ledger yields '{values[c]}'");
        }
        return differences;
    }

    /// <summary>Weights per work from a CSV with Work (or Digest) and Weight columns.</summary>
    public static Dictionary<WorkId, decimal> ReadWeights(PSCmdlet cmdlet, string given)
    {
        var path = cmdlet.GetUnresolvedProviderPathFromPSPath(given);
        if (!File.Exists(path)) throw new FileNotFoundException($"Cannot find the weight file '{path}'.", path);
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
            if (!decimal.TryParse(record.ElementAtOrDefault(weight), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var w))
                throw new InvalidDataException($"'{path}': the weight of {id} is '{record.ElementAtOrDefault(weight)}', not a non-negative number.");
            weights[id] = w;
        }
        return weights;
    }
}
