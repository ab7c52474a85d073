using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorLedger.Events;

/// <summary>A creator gives up their claim on a work.</summary>
public sealed record WorkWithdrawn(WorkId Work)
{
    public EventDraft ToDraft() => new(EventTypes.WorkWithdrawn, new JsonObject { ["work"] = Work.Value });

    public static bool TryRead(JsonElement data, out WorkWithdrawn value, out string? problem)
    {
        var r = new DataReader(data);
        value = new WorkWithdrawn(r.Work("work"));
        problem = r.Problem;
        return problem is null;
    }
}
