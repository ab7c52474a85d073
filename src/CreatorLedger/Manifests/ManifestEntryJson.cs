using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorLedger.Datasets;
using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Manifests;

/// <summary>
/// A manifest entry as JSON: an included one names its work, owner and grants; an excluded one its decision and reason;
/// both say where the sample is and how its digest was had (each field only when it applies).
/// </summary>
internal static class ManifestEntryJson
{
    public static JsonObject ToJson(ManifestEntry e)
    {
        var json = e.IsIncluded
            ? new JsonObject
            {
                ["path"] = e.Path, ["work"] = e.Work?.Value, ["owner"] = e.Owner?.Value,
                ["grants"] = new JsonArray([.. e.Grants.Select(g => (JsonNode)g.Hex)]),
            }
            : new JsonObject { ["path"] = e.Path, ["work"] = e.Work?.Value, ["decision"] = e.Decision, ["reason"] = e.Reason };
        if (e.Key is not null) json["key"] = e.Key;
        if (e.Member is not null) json["member"] = e.Member;
        if (e.Row is { } row) json["row"] = row;
        if (e.DigestSource is { } source) json["digestSource"] = source == DigestSource.Content ? "content" : "metadata";
        return json;
    }

    /// <summary>The RFC 8785 form of the entry: what the manifest's entry digests are taken over, and what its file holds, a line each.</summary>
    public static byte[] Canonical(ManifestEntry e)
    {
        using var document = JsonDocument.Parse(ToJson(e).ToJsonString());
        return CanonicalJson.Serialize(document.RootElement);
    }

    public static ManifestEntry Read(JsonElement e, bool included)
    {
        var entry = included
            ? new ManifestEntry(Text(e, "path"), Work(e), "Licensed", "Licensed", Text(e, "owner") is { } owner ? IdentityId.Parse(owner) : null,
                [.. e.GetProperty("grants").EnumerateArray().Select(g => EventId.Parse(g.GetString()!))])
            : new ManifestEntry(Text(e, "path"), Work(e), Text(e, "decision") ?? "", Text(e, "reason") ?? "", null, []);
        return entry with
        {
            Key = Text(e, "key"),
            Member = Text(e, "member"),
            Row = e.TryGetProperty("row", out var row) && row.ValueKind == JsonValueKind.Number ? row.GetInt64() : null,
            DigestSource = Text(e, "digestSource") switch { "content" => DigestSource.Content, "metadata" => DigestSource.Metadata, _ => null },
        };
    }

    public static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static WorkId? Work(JsonElement e) => Text(e, "work") is { } w ? WorkId.Parse(w) : null;
}
