using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Manifests;
using Xunit;

namespace CreatorLedger.Tests.Manifests;

/// <summary>
/// The SPDX 3.0.1 official JSON schema could not be obtained here (Schemas/README.md): the export is checked against
/// the SPDX 3.0.1 model's required properties and JSON-LD shape instead.
/// </summary>
public sealed class SpdxExportTests
{
    private static readonly string[] DatasetTypes =
        ["audio", "categorical", "graph", "image", "noAssertion", "numeric", "other", "sensor", "structured", "syntactic", "text", "timeseries", "timestamp", "video"];

    private static JsonObject Export()
    {
        using var owner = SigningKey.Generate();
        using var licensee = SigningKey.Generate();
        var manifest = new TrainingManifest("run 1", licensee.Id, Use.AiTrain, false, null, new Checkpoint(7, new string('c', 64)),
            LedgerTime.Parse("2026-11-29T12:00:00.000Z"),
            [
                new ManifestEntry("data/a.txt", WorkId.FromHash(new byte[32]), "Licensed", "Licensed", owner.Id, [EventId.Parse(new string('d', 64))]),
                new ManifestEntry("data/b.txt", WorkId.FromHash(Enumerable.Repeat((byte)7, 32).ToArray()), "Licensed", "Licensed", owner.Id, [EventId.Parse(new string('d', 64))]),
                new ManifestEntry("data/c.txt", null, "Unreadable", "Unreadable", null, []),
            ]);
        return JsonNode.Parse(SpdxExport.Write(manifest))!.AsObject();
    }

    [Fact]
    public void Write_HasTheJsonLdShapeAndTheRequiredPropertiesOfSpdx301()
    {
        var document = Export();
        Assert.Equal("https://spdx.org/rdf/3.0.1/spdx-context.jsonld", (string?)document["@context"]);
        var graph = document["@graph"]!.AsArray().Select(n => n!.AsObject()).ToArray();

        var creation = Assert.Single(graph, n => (string?)n["type"] == "CreationInfo");
        Assert.Equal("3.0.1", (string?)creation["specVersion"]);
        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"), (string?)creation["created"]);
        var creationId = (string)creation["@id"]!;

        var elements = graph.Where(n => n["spdxId"] is not null).ToDictionary(n => (string)n["spdxId"]!);
        foreach (var (id, element) in elements)
        {
            Assert.Equal(creationId, (string?)element["creationInfo"]);
            Assert.True(Uri.IsWellFormedUriString(id, UriKind.Absolute), $"{id} is not an IRI");
        }
        Assert.All(creation["createdBy"]!.AsArray(), a => Assert.Equal("Agent", (string?)elements[(string)a!]["type"]));

        var spdxDocument = Assert.Single(graph, n => (string?)n["type"] == "SpdxDocument");
        Assert.All(spdxDocument["element"]!.AsArray(), e => Assert.True(elements.ContainsKey((string)e!)));
        var root = elements[(string)spdxDocument["rootElement"]![0]!];
        Assert.Equal("dataset_DatasetPackage", (string?)root["type"]);
        Assert.All(root["dataset_datasetType"]!.AsArray(), t => Assert.Contains((string)t!, DatasetTypes));

        var files = graph.Where(n => (string?)n["type"] == "software_File").ToArray();
        Assert.Equal(2, files.Length);
        Assert.All(files, f =>
        {
            var hash = f["verifiedUsing"]![0]!;
            Assert.Equal("Hash", (string?)hash["type"]);
            Assert.Equal("sha256", (string?)hash["algorithm"]);
            Assert.Matches(new Regex("^[0-9a-f]{64}$"), (string?)hash["hashValue"]);
        });
        var contains = Assert.Single(graph, n => (string?)n["type"] == "Relationship");
        Assert.Equal("contains", (string?)contains["relationshipType"]);
        Assert.Equal((string?)root["spdxId"], (string?)contains["from"]);
        Assert.Equal(files.Select(f => (string)f["spdxId"]!), contains["to"]!.AsArray().Select(t => (string)t!));
        Assert.Contains("data/c.txt: Unreadable", (string?)root["comment"]);
    }
}
