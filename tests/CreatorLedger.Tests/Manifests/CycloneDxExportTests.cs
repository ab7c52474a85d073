using System.Text;
using System.Text.Json.Nodes;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Manifests;
using Json.Schema;
using Xunit;

namespace CreatorLedger.Tests.Manifests;

/// <summary>The CycloneDX export validates against the official CycloneDX 1.6 schema (Schemas/, copied from shared).</summary>
public sealed class CycloneDxExportTests
{
    private static readonly Lazy<JsonSchema> Bom = new(() =>
    {
        // The BOM schema refers to the SPDX licence list and JSF by their $id: register both first.
        foreach (var name in new[] { "spdx.schema.json", "jsf-0.82.schema.json" })
        {
            var schema = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", name));
            SchemaRegistry.Global.Register(new Uri($"http://cyclonedx.org/schema/{name}"), schema);
        }
        return JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", "bom-1.6.schema.json"));
    });

    private static TrainingManifest Manifest()
    {
        using var owner = SigningKey.Generate();
        using var licensee = SigningKey.Generate();
        var work = WorkId.FromHash(new byte[32]);
        var grant = EventId.Parse(new string('b', 64));
        return new TrainingManifest("run-1", licensee.Id, Use.AiTrainGenerative, true, "DE", new Checkpoint(12, new string('a', 64)),
            LedgerTime.Parse("2026-11-29T12:00:00.000Z"),
            [
                new ManifestEntry("data/a.png", work, "Licensed", "Licensed", owner.Id, [grant]),
                new ManifestEntry("data/b.png", WorkId.FromHash(Enumerable.Repeat((byte)1, 32).ToArray()), "NotLicensed", "Revoked", null, []),
                new ManifestEntry("data/unreadable.png", null, "Unreadable", "Unreadable", null, []),
            ]);
    }

    [Fact]
    public void Write_ValidatesAgainstTheCycloneDx16Schema()
    {
        var bom = JsonNode.Parse(CycloneDxExport.Write(Manifest(), "0.1.0"));
        var result = Bom.Value.Evaluate(bom, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, string.Join("\n", errors));
    }

    [Fact]
    public void Write_RecordsEveryFileWithItsHashAndTheCheckpoint()
    {
        var bom = JsonNode.Parse(CycloneDxExport.Write(Manifest(), "0.1.0"))!;
        var dataset = bom["components"]![0]!;
        Assert.Equal("data", (string?)dataset["type"]);
        var files = dataset["components"]!.AsArray();
        Assert.Equal(3, files.Count);
        Assert.Equal(new string('0', 64), (string?)files[0]!["hashes"]![0]!["content"]);
        Assert.Contains(bom["metadata"]!["properties"]!.AsArray(), p => (string?)p!["value"] == "12:" + new string('a', 64));
    }

    [Fact]
    public void Schema_RejectsABrokenBom_SoTheValidationCanFail()
    {
        var bom = JsonNode.Parse(CycloneDxExport.Write(Manifest(), "0.1.0"))!;
        bom["components"]![0]!["type"] = "dataset-of-dreams";
        Assert.False(Bom.Value.Evaluate(bom).IsValid);
    }
}
