using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CreatorLedger.Events;

/// <summary>
/// A developer reports which works a training run used, in which calendar month (<c>yyyy-MM</c>, UTC) and for which
/// uses, tied to the run's signed manifest by its SHA-256 (<see cref="Manifest"/>, 64 lowercase hex digits).
/// <see cref="Checkpoint"/> and <see cref="DecidedAt"/> repeat the manifest's (fields beyond DESIGN §4, which readers
/// that do not know them ignore): they say under which grants the works were used, which fees depend on.
/// </summary>
public sealed partial record UsageReported(string Run, string Manifest, IReadOnlyList<WorkId> Works, string Period, IReadOnlyList<Use> Uses,
    Base.Checkpoint? Checkpoint = null, LedgerTime? DecidedAt = null)
{
    public EventDraft ToDraft()
    {
        var data = new JsonObject
        {
            ["run"] = Run,
            ["manifest"] = Manifest,
            ["works"] = new JsonArray([.. Works.Select(w => (JsonNode)w.Value)]),
            ["period"] = Period,
            ["uses"] = new JsonArray([.. Uses.Select(u => (JsonNode)u.Name)]),
        };
        if (Checkpoint is { } checkpoint) data["checkpoint"] = checkpoint.ToString();
        if (DecidedAt is { } decidedAt) data["decidedAt"] = decidedAt.ToString();
        return new EventDraft(EventTypes.UsageReported, data);
    }

    /// <summary>A calendar month as <c>yyyy-MM</c> (01–12).</summary>
    public static bool IsPeriod(string text) => PeriodPattern().IsMatch(text);

    public static bool TryRead(JsonElement data, out UsageReported value, out string? problem)
    {
        var r = new DataReader(data);
        var run = r.String("run");
        if (r.Problem is null && run.Length == 0) r.Fail("\"run\" must not be empty");
        var manifest = r.String("manifest");
        if (!Hex64.IsLowercaseHex(manifest, 64)) r.Fail("\"manifest\" must be the manifest's SHA-256 (64 lowercase hex digits)");
        var works = new List<WorkId>();
        foreach (var text in r.Strings("works"))
        {
            if (WorkId.TryParseExact(text, out var work)) works.Add(work);
            else r.Fail($"\"works\" holds '{text}', which is not a work digest");
        }
        if (works.Count == 0) r.Fail("\"works\" must list at least one work");
        var period = r.String("period");
        if (!IsPeriod(period)) r.Fail("\"period\" must be a month, yyyy-MM");
        var uses = r.Uses("uses");
        Base.Checkpoint? checkpoint = null;
        if (r.Has("checkpoint"))
        {
            if (Base.Checkpoint.TryParse(r.String("checkpoint"), out var c)) checkpoint = c;
            else r.Fail("\"checkpoint\" must be size:root");
        }
        LedgerTime? decidedAt = r.Has("decidedAt") ? r.Time("decidedAt") : null;
        value = new UsageReported(run, manifest, works, period, uses, checkpoint, decidedAt);
        problem = r.Problem;
        return problem is null;
    }

    [GeneratedRegex("^[0-9]{4}-(0[1-9]|1[0-2])$")]
    private static partial Regex PeriodPattern();
}
