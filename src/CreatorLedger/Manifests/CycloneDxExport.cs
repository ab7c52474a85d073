using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorLedger.Manifests;

/// <summary>
/// A manifest as a CycloneDX 1.6 BOM: one <c>data</c> component for the run's dataset, holding one <c>data</c>
/// component per included file with its SHA-256; the owner, grants, checkpoint and use travel as
/// <c>creatorledger:*</c> properties. Excluded files are listed with their reason so the BOM is the whole answer.
/// </summary>
public static class CycloneDxExport
{
    public static byte[] Write(TrainingManifest manifest, string toolVersion)
    {
        var dataset = $"dataset:{manifest.Run}";
        var files = new JsonArray();
        int index = 0;
        foreach (var entry in manifest.Entries)
        {
            var component = new JsonObject
            {
                ["type"] = "data",
                ["bom-ref"] = $"file-{index++}",
                ["name"] = entry.Path ?? entry.Work?.Value ?? "(unknown)",
                ["data"] = new JsonArray(new JsonObject { ["type"] = "dataset", ["name"] = entry.Path ?? entry.Work?.Value ?? "(unknown)" }),
            };
            if (entry.Work is { } work)
                component["hashes"] = new JsonArray(new JsonObject { ["alg"] = "SHA-256", ["content"] = work.Value["sha256:".Length..] });
            var properties = new JsonArray(Property("creatorledger:decision", entry.Decision), Property("creatorledger:reason", entry.Reason));
            if (entry.Owner is { } owner) properties.Add(Property("creatorledger:owner", owner.Value));
            foreach (var grant in entry.Grants) properties.Add(Property("creatorledger:grant", grant.Hex));
            component["properties"] = properties;
            files.Add(component);
        }
        var bom = new JsonObject
        {
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.6",
            ["serialNumber"] = $"urn:uuid:{Guid.NewGuid()}",
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["timestamp"] = manifest.DecidedAt.ToString(),
                ["tools"] = new JsonObject
                {
                    ["components"] = new JsonArray(new JsonObject { ["type"] = "application", ["name"] = "CreatorLedger", ["version"] = toolVersion }),
                },
                ["properties"] = new JsonArray(
                    Property("creatorledger:run", manifest.Run),
                    Property("creatorledger:licensee", manifest.Licensee.Value),
                    Property("creatorledger:use", manifest.Use.Name),
                    Property("creatorledger:commercial", manifest.Commercial ? "true" : "false"),
                    Property("creatorledger:checkpoint", manifest.Checkpoint.ToString())),
            },
            ["components"] = new JsonArray(new JsonObject
            {
                ["type"] = "data",
                ["bom-ref"] = dataset,
                ["name"] = manifest.Run,
                ["data"] = new JsonArray(new JsonObject { ["type"] = "dataset", ["name"] = manifest.Run }),
                ["components"] = files,
            }),
        };
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return Encoding.UTF8.GetBytes(bom.ToJsonString(options) + "\n");
    }

    private static JsonObject Property(string name, string value) => new() { ["name"] = name, ["value"] = value };
}
