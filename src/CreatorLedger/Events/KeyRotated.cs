using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorLedger.Identity;

namespace CreatorLedger.Events;

/// <summary>Signed by the current key; from the next seq on, only <see cref="Next"/> signs for the stream.</summary>
public sealed record KeyRotated(IdentityId Next)
{
    public EventDraft ToDraft() => new(EventTypes.KeyRotated, new JsonObject { ["next"] = Next.Value });

    public static bool TryRead(JsonElement data, out KeyRotated value, out string? problem)
    {
        var r = new DataReader(data);
        value = new KeyRotated(r.Did("next"));
        problem = r.Problem;
        return problem is null;
    }
}
