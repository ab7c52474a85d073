using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorLedger.Identity;

namespace CreatorLedger.Events;

/// <summary>
/// A creator lets an agent (a collecting society) grant licenses on their behalf: for <see cref="Works"/> (null =
/// <c>"*"</c>, every work the creator holds), for <see cref="Uses"/> (and every use below them), in the half-open
/// <see cref="Window"/>, for a commission (a percentage, 0–100, written as a decimal string).
/// </summary>
public sealed record MandateGranted(IdentityId Agent, IReadOnlyList<WorkId>? Works, IReadOnlyList<Use> Uses, Window Window, decimal CommissionPercent)
{
    public LedgerTime From => Window.Start;

    public LedgerTime? Until => Window.End;

    public EventDraft ToDraft()
    {
        var data = new JsonObject
        {
            ["agent"] = Agent.Value,
            ["works"] = Works is null ? LicenseGranted.Everything : new JsonArray([.. Works.Select(w => (JsonNode)w.Value)]),
            ["uses"] = new JsonArray([.. Uses.Select(u => (JsonNode)u.Name)]),
            ["from"] = From.ToString(),
            ["commissionPercent"] = CommissionPercent.ToString(CultureInfo.InvariantCulture),
        };
        if (Until is { } until) data["until"] = until.ToString();
        return new EventDraft(EventTypes.MandateGranted, data);
    }

    /// <summary>Whether the mandate lets its agent grant <paramref name="use"/> on <paramref name="works"/> (null = every work) at <paramref name="at"/>.</summary>
    public bool Covers(IReadOnlyList<WorkId>? works, Use use, LedgerTime at) =>
        Window.Contains(at)
        && Uses.Any(u => u.Covers(use))
        && (Works is null || (works is not null && works.All(Works.Contains)));

    public static bool TryRead(JsonElement data, out MandateGranted value, out string? problem)
    {
        var r = new DataReader(data);
        var agent = r.Did("agent");
        var works = r.WorksOrEverything("works");
        var uses = r.Uses("uses");
        var from = r.Time("from");
        LedgerTime? until = r.Has("until") ? r.Time("until") : null;
        if (!Window.TryCreate(from, until, out var window)) r.Fail("\"until\" must be later than \"from\"");
        var commissionText = r.String("commissionPercent");
        decimal commission = 0;
        if (!Fee.IsAmount(commissionText) || !decimal.TryParse(commissionText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out commission) || commission > 100)
            r.Fail("\"commissionPercent\" must be a decimal string from \"0\" to \"100\"");
        value = new MandateGranted(agent, works, uses, window ?? new Window(from), commission);
        problem = r.Problem;
        return problem is null;
    }
}
