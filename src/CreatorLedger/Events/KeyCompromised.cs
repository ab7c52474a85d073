using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorLedger.Identity;

namespace CreatorLedger.Events;

/// <summary>
/// Declares <see cref="Key"/> compromised: whatever it signed after <see cref="LastValidSeq"/> is void, and it
/// signs nothing more. Signed by the current key or by the recovery key, which then becomes the current key.
/// </summary>
public sealed record KeyCompromised(IdentityId Key, long LastValidSeq)
{
    public EventDraft ToDraft() =>
        new(EventTypes.KeyCompromised, new JsonObject { ["key"] = Key.Value, ["lastValidSeq"] = LastValidSeq });

    public static bool TryRead(JsonElement data, out KeyCompromised value, out string? problem)
    {
        var r = new DataReader(data);
        value = new KeyCompromised(r.Did("key"), r.Integer("lastValidSeq"));
        if (value.LastValidSeq < 0) r.Fail("\"lastValidSeq\" must not be negative");
        problem = r.Problem;
        return problem is null;
    }
}
