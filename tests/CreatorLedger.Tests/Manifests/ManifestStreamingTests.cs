using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Manifests;
using Xunit;
using static CreatorLedger.Tests.Licensing.LedgerScenario;

namespace CreatorLedger.Tests.Manifests;

/// <summary>
/// Manifests of any size: written from a spool, read as a stream one entry at a time, any JSON layout of the same
/// content accepted, any changed entry refused; manifests of the first format still verify.
/// </summary>
public sealed class ManifestStreamingTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly SigningKey _key = SigningKey.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _directory.Dispose();
    }

    private TrainingManifest Manifest(int entries) => new("run", _key.Id, Use.AiTrain, false, null, new Checkpoint(3, new string('a', 64)), Day(5),
        [.. Enumerable.Range(0, entries).Select(i => i % 3 == 0
            ? new ManifestEntry($"/data/shard-{i / 1000:0000}.tar", Work($"w{i}"), "Licensed", "Licensed", _key.Id, [EventId.Parse(new string('b', 64))])
                { Key = $"{i:000000000}", Member = $"{i:000000000}.jpg", DigestSource = CreatorLedger.Datasets.DigestSource.Metadata }
            : new ManifestEntry($"/data/é{i}.txt", Work($"w{i}"), "NotRegistered", "NotRegistered", null, []) { DigestSource = CreatorLedger.Datasets.DigestSource.Content })]);

    [Fact]
    public void AManifestLargerThanTheReadersBuffer_IsWrittenFromASpool_AndReadBackEntryByEntry()
    {
        var manifest = Manifest(20_000);
        var path = _directory.File("big.manifest.json");
        using (var writer = new ManifestWriter(_directory.Path))
        {
            foreach (var entry in manifest.Entries) writer.Add(entry);
            using var output = File.Create(path);
            writer.WriteTo(output, manifest with { Entries = [] }, _key);
        }
        Assert.True(new FileInfo(path).Length > 1 << 20);
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.spool"));

        var seen = new List<ManifestEntry>();
        using var input = File.OpenRead(path);
        var read = ManifestReader.Read(input, seen.Add);

        Assert.True(read.IsValid, read.Problem);
        Assert.Equal(_key.Id, read.Signer);
        // Included entries come first in the file, then the excluded ones.
        Assert.Equal(manifest.Included.Concat(manifest.Excluded).Select(e => (e.Path, e.Work, e.Key, e.Member, e.DigestSource)),
            seen.Select(e => (e.Path, e.Work, e.Key, e.Member, e.DigestSource)));
    }

    [Fact]
    public void TheSameContentInAnotherLayout_Verifies_ButAnyEntryChangedAddedOrRemoved_DoesNot()
    {
        var bytes = Manifest(30).Sign(_key);
        var node = JsonNode.Parse(bytes)!.AsObject();
        // Minified, with the lists first and the header after them: the same manifest.
        var reordered = new JsonObject();
        foreach (var name in new[] { "excluded", "included" }) reordered[name] = node[name]!.DeepClone();
        foreach (var (name, value) in node.Where(p => p.Key is not ("included" or "excluded")).ToList()) reordered[name] = value?.DeepClone();
        Assert.True(TrainingManifest.TryOpen(Encoding.UTF8.GetBytes(reordered.ToJsonString()), out var opened, out _, out var problem), problem);
        Assert.Equal(30, opened.Entries.Count);

        var removed = (JsonObject)node.DeepClone();
        removed["excluded"]!.AsArray().RemoveAt(0);
        Assert.False(TrainingManifest.TryOpen(Encoding.UTF8.GetBytes(removed.ToJsonString()), out _, out _, out problem));
        Assert.Contains("entries were changed, added or removed", problem);

        var moved = (JsonObject)node.DeepClone();
        var first = moved["excluded"]!.AsArray()[0]!.DeepClone();
        moved["excluded"]!.AsArray().RemoveAt(0);
        moved["included"]!.AsArray().Add(first);
        Assert.False(TrainingManifest.TryOpen(Encoding.UTF8.GetBytes(moved.ToJsonString()), out _, out _, out _));
    }

    [Fact]
    public void AManifestOfTheFirstFormat_SignedWhole_StillVerifies_AndAChangeIsStillRefused()
    {
        var manifest = Manifest(4);
        var v1 = new JsonObject
        {
            ["format"] = TrainingManifest.FormatV1, ["run"] = manifest.Run, ["licensee"] = manifest.Licensee.Value, ["use"] = manifest.Use.Name,
            ["commercial"] = false, ["territory"] = null, ["checkpoint"] = new JsonObject { ["size"] = 3, ["root"] = manifest.Checkpoint.Root },
            ["decidedAt"] = manifest.DecidedAt.ToString(),
            ["included"] = new JsonArray([.. manifest.Included.Select(e => (JsonNode)new JsonObject
                { ["path"] = e.Path, ["work"] = e.Work!.Value.Value, ["owner"] = e.Owner!.Value.Value, ["grants"] = new JsonArray([.. e.Grants.Select(g => (JsonNode)g.Hex)]) })]),
            ["excluded"] = new JsonArray([.. manifest.Excluded.Select(e => (JsonNode)new JsonObject
                { ["path"] = e.Path, ["work"] = e.Work!.Value.Value, ["decision"] = e.Decision, ["reason"] = e.Reason })]),
            ["signer"] = _key.Id.Value,
        };
        using (var document = JsonDocument.Parse(v1.ToJsonString()))
            v1["sig"] = Base64Url.EncodeToString(_key.Sign([.. "CreatorLedger/manifest/v1\n"u8, .. CanonicalJson.Serialize(document.RootElement)]));
        var bytes = Encoding.UTF8.GetBytes(v1.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        Assert.True(TrainingManifest.TryOpen(bytes, out var opened, out var signer, out var problem), problem);
        Assert.Equal(_key.Id, signer);
        Assert.Equal(4, opened.Entries.Count);
        Assert.False(TrainingManifest.TryOpen(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\"run\"", "\"rum\"")), out _, out _, out _));
    }
}
