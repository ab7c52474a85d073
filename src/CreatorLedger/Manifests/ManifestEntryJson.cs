using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorLedger.Datasets;
using CreatorLedger.Datasets.Screening;
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
        if (e.Match is { } match)
        {
            json["list"] = match.List;
            if (match.Version is not null) json["listVersion"] = match.Version;
            if (match.Distance is { } distance) json["distance"] = distance;
        }
        if (e.Hashes is { } h)
        {
            if (h.Md5 is not null) json["md5"] = Convert.ToHexStringLower(h.Md5);
            if (h.Sha1 is not null) json["sha1"] = Convert.ToHexStringLower(h.Sha1);
            // The bytes' SHA-256 only where the work digest is not already it (a digest from metadata).
            if (h.Sha256 is not null && (e.Work is not { } work || !work.ToBytes().AsSpan().SequenceEqual(h.Sha256))) json["sha256"] = Convert.ToHexStringLower(h.Sha256);
            if (h.Pdq is { } pdq)
            {
                json["pdq"] = pdq.Hash.ToString();
                json["pdqQuality"] = pdq.Quality;
            }
        }
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
            Match = Text(e, "list") is { } list && entry.Decision == DatasetDecision.Prohibited
                ? new ScreeningMatch(list, Text(e, "listVersion"), ScreeningMatch.KindOf(entry.Reason), Number(e, "distance") is { } d ? (int)d : null) : null,
            Hashes = ReadHashes(e),
        };
    }

    // What the entry kept: Computed names the hashes it has (whether a kept-nothing PDQ means "no picture" is the
    // manifest's to say, by the hashes its screening took).
    private static SampleHashes? ReadHashes(JsonElement e)
    {
        byte[]? md5 = Hex(e, "md5", 16), sha1 = Hex(e, "sha1", 20), sha256 = Hex(e, "sha256", 32);
        PdqResult? pdq = Text(e, "pdq") is { } p && PdqHash.TryParse(p, out var hash) ? new PdqResult(hash, (int)(Number(e, "pdqQuality") ?? 0)) : null;
        if (md5 is null && sha1 is null && sha256 is null && pdq is null) return null;
        var computed = (md5 is null ? 0 : ScreeningNeeds.Md5) | (sha1 is null ? 0 : ScreeningNeeds.Sha1)
            | (sha256 is null ? 0 : ScreeningNeeds.Sha256) | (pdq is null ? 0 : ScreeningNeeds.Pdq);
        return new SampleHashes(computed, md5, sha1, sha256, pdq);
    }

    private static byte[]? Hex(JsonElement e, string name, int size) =>
        Text(e, name) is { } text && text.Length == size * 2 && text.All(char.IsAsciiHexDigit) ? Convert.FromHexString(text) : null;

    private static long? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static WorkId? Work(JsonElement e) => Text(e, "work") is { } w ? WorkId.Parse(w) : null;
}
