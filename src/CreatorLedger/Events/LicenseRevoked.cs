using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorLedger.Events;

/// <summary>Ends a grant from <see cref="Effective"/> on; never earlier than the revocation's own <c>at</c>.</summary>
public sealed record LicenseRevoked(EventId Grant, LedgerTime Effective, string Reason)
{
    public EventDraft ToDraft() => new(EventTypes.LicenseRevoked,
        new JsonObject { ["grant"] = Grant.Hex, ["effective"] = Effective.ToString(), ["reason"] = Reason });

    public static bool TryRead(JsonElement data, out LicenseRevoked value, out string? problem)
    {
        var r = new DataReader(data);
        var grantText = r.String("grant");
        if (!EventId.TryParse(grantText, out var grant)) r.Fail("\"grant\" must be an event id");
        var effective = r.Time("effective");
        var reason = r.Has("reason") ? r.String("reason") : "";
        value = new LicenseRevoked(grant, effective, reason);
        problem = r.Problem;
        return problem is null;
    }
}
