using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorLedger.Events;

/// <summary>A creator claims a work, named by the SHA-256 of its bytes.</summary>
public sealed record WorkRegistered(WorkId Work, string Title, string MediaType, long Bytes, string? Uri = null, string? Iscc = null)
{
    public EventDraft ToDraft()
    {
        var data = new JsonObject { ["work"] = Work.Value, ["title"] = Title, ["mediaType"] = MediaType, ["bytes"] = Bytes };
        if (Uri is not null) data["uri"] = Uri;
        if (Iscc is not null) data["iscc"] = Iscc;
        return new EventDraft(EventTypes.WorkRegistered, data);
    }

    public static bool TryRead(JsonElement data, out WorkRegistered value, out string? problem)
    {
        var r = new DataReader(data);
        var work = r.Work("work");
        var title = r.String("title");
        var mediaType = r.String("mediaType");
        var bytes = r.Integer("bytes");
        if (bytes < 0) r.Fail("\"bytes\" must not be negative");
        var uri = r.Has("uri") ? r.String("uri") : null;
        var iscc = r.Has("iscc") ? r.String("iscc") : null;
        value = new WorkRegistered(work, title, mediaType, bytes, uri, iscc);
        problem = r.Problem;
        return problem is null;
    }
}
