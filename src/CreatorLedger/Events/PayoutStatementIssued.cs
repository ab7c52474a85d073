using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorLedger.Events;

/// <summary>
/// A society publishes a payout statement: the SHA-256 of the statement file, the checkpoint and period it was computed
/// for, its currency and total (a decimal string). Anyone holding the ledger can recompute it and compare.
/// </summary>
public sealed record PayoutStatementIssued(string Statement, Checkpoint Checkpoint, string Period, string Currency, decimal Total)
{
    public EventDraft ToDraft() => new(EventTypes.PayoutStatementIssued, new JsonObject
    {
        ["statement"] = Statement,
        ["checkpoint"] = Checkpoint.ToString(),
        ["period"] = Period,
        ["currency"] = Currency,
        ["total"] = Total.ToString(CultureInfo.InvariantCulture),
    });

    public static bool TryRead(JsonElement data, out PayoutStatementIssued value, out string? problem)
    {
        var r = new DataReader(data);
        var statement = r.String("statement");
        if (!Hex64.IsLowercaseHex(statement, 64)) r.Fail("\"statement\" must be the statement's SHA-256 (64 lowercase hex digits)");
        var checkpointText = r.String("checkpoint");
        if (!Checkpoint.TryParse(checkpointText, out var checkpoint)) r.Fail("\"checkpoint\" must be size:root");
        var period = r.String("period");
        if (!UsageReported.IsPeriod(period)) r.Fail("\"period\" must be a month, yyyy-MM");
        var currency = r.String("currency");
        if (!Fee.IsCurrency(currency)) r.Fail("\"currency\" must be an ISO 4217 code");
        var totalText = r.String("total");
        decimal total = 0;
        if (!Fee.IsAmount(totalText) || !decimal.TryParse(totalText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out total))
            r.Fail("\"total\" must be a decimal string such as \"1250.00\"");
        value = new PayoutStatementIssued(statement, checkpoint, period, currency, total);
        problem = r.Problem;
        return problem is null;
    }
}
