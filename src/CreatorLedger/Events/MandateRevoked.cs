using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorLedger.Events;

/// <summary>The creator ends a mandate (named by its event id) from this event's time on; grants made under it before stand.</summary>
public sealed record MandateRevoked(EventId Mandate)
{
    public EventDraft ToDraft() => new(EventTypes.MandateRevoked, new JsonObject { ["mandate"] = Mandate.Hex });

    public static bool TryRead(JsonElement data, out MandateRevoked value, out string? problem)
    {
        var r = new DataReader(data);
        var text = r.String("mandate");
        if (!EventId.TryParse(text, out var id)) r.Fail("\"mandate\" must be an event id (64 lowercase hex digits)");
        value = new MandateRevoked(id);
        problem = r.Problem;
        return problem is null;
    }
}
