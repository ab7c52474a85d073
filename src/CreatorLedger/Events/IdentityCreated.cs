using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorLedger.Identity;

namespace CreatorLedger.Events;

/// <summary>Seq 1 of every stream: who the identity is. The stream's did is the signing key's did.</summary>
public sealed record IdentityCreated(string Name, string Role, string? Contact = null, IdentityId? RecoveryKey = null)
{
    public static IReadOnlyList<string> Roles { get; } = ["creator", "developer", "society", "operator"];

    public EventDraft ToDraft()
    {
        var data = new JsonObject { ["name"] = Name, ["role"] = Role };
        if (Contact is not null) data["contact"] = Contact;
        if (RecoveryKey is { } recovery) data["recoveryKey"] = recovery.Value;
        return new EventDraft(EventTypes.IdentityCreated, data);
    }

    public static bool TryRead(JsonElement data, out IdentityCreated value, out string? problem)
    {
        var r = new DataReader(data);
        var name = r.String("name");
        var role = r.String("role");
        if (r.Problem is null && !Roles.Contains(role)) r.Fail($"\"role\" must be creator, developer, society or operator, not '{role}'");
        var contact = r.Has("contact") ? r.String("contact") : null;
        IdentityId? recovery = r.Has("recoveryKey") ? r.Did("recoveryKey") : null;
        value = new IdentityCreated(name, role, contact, recovery);
        problem = r.Problem;
        return problem is null;
    }
}
