using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorLedger.Manifests;

/// <summary>
/// A manifest as an SPDX 3.0.1 JSON-LD document with the Dataset profile: a <c>dataset_DatasetPackage</c> for the
/// run that <c>contains</c> one <c>software_File</c> per included file (with its SHA-256), created by the licensee;
/// excluded files, owners, grants and the checkpoint are recorded in comments so nothing of the decision is lost.
/// </summary>
public static class SpdxExport
{
    public const string Context = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld";

    public static byte[] Write(TrainingManifest manifest)
    {
        var prefix = $"urn:creatorledger:{manifest.Checkpoint.Root[..16]}:{Uri.EscapeDataString(manifest.Run)}";
        const string creation = "_:creationinfo";
        var agent = $"urn:creatorledger:agent:{manifest.Licensee.Value}";
        var datasetId = $"{prefix}:dataset";
        var graph = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "CreationInfo", ["@id"] = creation, ["specVersion"] = "3.0.1",
                ["created"] = manifest.DecidedAt.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["createdBy"] = new JsonArray(agent),
            },
            new JsonObject { ["type"] = "Agent", ["spdxId"] = agent, ["name"] = manifest.Licensee.Value, ["creationInfo"] = creation },
        };
        var files = new JsonArray();
        int index = 0;
        foreach (var entry in manifest.Included)
        {
            var id = $"{prefix}:file:{index++}";
            files.Add(id);
            var file = new JsonObject
            {
                ["type"] = "software_File", ["spdxId"] = id, ["name"] = entry.Path ?? entry.Work!.Value.Value, ["creationInfo"] = creation,
                ["comment"] = $"owner {entry.Owner?.Value}; grants {string.Join(", ", entry.Grants.Select(g => g.Hex))}",
            };
            if (entry.Work is { } work)
                file["verifiedUsing"] = new JsonArray(new JsonObject { ["type"] = "Hash", ["algorithm"] = "sha256", ["hashValue"] = work.Value["sha256:".Length..] });
            graph.Add(file);
        }
        var excluded = string.Join("; ", manifest.Excluded.Select(e => $"{e.Path ?? e.Work?.Value}: {e.Reason}"));
        graph.Add(new JsonObject
        {
            ["type"] = "dataset_DatasetPackage", ["spdxId"] = datasetId, ["name"] = manifest.Run, ["creationInfo"] = creation,
            ["software_primaryPurpose"] = "data",
            ["dataset_datasetType"] = new JsonArray("other"),
            ["comment"] = $"CreatorLedger checkpoint {manifest.Checkpoint}; use {manifest.Use.Name}; commercial {(manifest.Commercial ? "yes" : "no")}; " +
                          $"excluded: {(excluded.Length == 0 ? "none" : excluded)}",
        });
        var elements = new JsonArray(agent, datasetId);
        if (files.Count > 0)
        {
            var relationship = $"{prefix}:contains";
            graph.Add(new JsonObject
            {
                ["type"] = "Relationship", ["spdxId"] = relationship, ["creationInfo"] = creation,
                ["from"] = datasetId, ["relationshipType"] = "contains", ["to"] = files.DeepClone(),
            });
            elements.Add(relationship);
            foreach (var f in files) elements.Add(f!.DeepClone());
        }
        graph.Add(new JsonObject
        {
            ["type"] = "SpdxDocument", ["spdxId"] = $"{prefix}:document", ["name"] = $"{manifest.Run} training data", ["creationInfo"] = creation,
            ["profileConformance"] = new JsonArray("core", "software", "dataset"),
            ["rootElement"] = new JsonArray(datasetId),
            ["element"] = elements,
        });
        var document = new JsonObject { ["@context"] = Context, ["@graph"] = graph };
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return Encoding.UTF8.GetBytes(document.ToJsonString(options) + "\n");
    }
}
