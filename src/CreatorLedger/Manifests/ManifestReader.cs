using System.Buffers.Text;
using System.Text.Json;
using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Manifests;

/// <summary>What reading a manifest found: the manifest (its header; its entries only when they were collected), its signer, or the problem.</summary>
public sealed record ManifestRead(TrainingManifest? Manifest, IdentityId Signer, string? Problem)
{
    public bool IsValid => Problem is null && Manifest is not null;
}

/// <summary>
/// Reads a signed manifest as a stream, one entry at a time, whatever its size: each entry goes to the caller as it is
/// read, and at the end the entry lists' counts and digests are checked against the signed header and the signature
/// against the signer. Entries handed out before the end are not yet known to be the signer's: a caller reports nothing
/// from them unless the result is valid. A manifest of the first format (signed whole) is read whole.
/// </summary>
public static class ManifestReader
{
    public static ManifestRead Read(Stream stream, Action<ManifestEntry>? onEntry = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new List<(string Name, JsonDocument Value)>();
        using var included = new EntryList();
        using var excluded = new EntryList();
        try
        {
            var json = new JsonStreamReader(stream);
            if (!json.Read(out var token, out _) || token != JsonTokenType.StartObject) return Fail("not a CreatorLedger manifest (not a JSON object)");
            while (json.Read(out token, out var name) && token == JsonTokenType.PropertyName)
            {
                if (name is "included" or "excluded")
                {
                    var list = name == "included" ? included : excluded;
                    if (!json.Read(out token, out _) || token != JsonTokenType.StartArray) return Fail($"\"{name}\" is not a list");
                    while (json.ReadElementOrEnd() is { } element)
                        using (element)
                        {
                            list.Add(CanonicalJson.Serialize(element.RootElement));
                            onEntry?.Invoke(ManifestEntryJson.Read(element.RootElement, name == "included"));
                        }
                }
                else header.Add((name!, json.ReadValue()));
            }
            using var document = Compose(header);
            var root = document.RootElement;
            var format = ManifestEntryJson.Text(root, "format");
            if (format == TrainingManifest.FormatV1) return Fail("a manifest of the first format is read whole", v1: true);
            if (format != TrainingManifest.Format) return Fail($"not a CreatorLedger manifest (no \"format\": \"{TrainingManifest.Format}\")");
            var r = new DataReader(root);
            var signer = r.Did("signer");
            byte[] signature;
            try { signature = Base64Url.DecodeFromChars(r.String("sig")); } catch (FormatException) { signature = []; }
            if (r.Problem is not null) return Fail(r.Problem);
            if (!Lists(root, out var counts) || counts.Included != (included.Count, included.Sha256) || counts.Excluded != (excluded.Count, excluded.Sha256))
                return new(null, signer, "its entries are not those its signed header counts and digests: entries were changed, added or removed");
            if (!SignatureVerifier.Verify(signer, TrainingManifest.SignedBytes(root), signature))
                return new(null, signer, $"the signature does not verify under {signer}: the manifest was changed or signed by another key");
            var manifest = TrainingManifest.FromHeader(root, r, []);
            return r.Problem is null ? new(manifest, signer, null) : Fail(r.Problem);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            return Fail($"not a valid manifest ({e.Message})");
        }
        finally
        {
            foreach (var (_, value) in header) value.Dispose();
        }
    }

    /// <summary>Whether a read failed only because the manifest is of the first format (then <see cref="TrainingManifest.TryOpen"/> reads it whole).</summary>
    public static bool IsFirstFormat(ManifestRead read) => read.Problem == FirstFormat;

    private const string FirstFormat = "a manifest of the first format is read whole";

    private static ManifestRead Fail(string problem, bool v1 = false) => new(null, default, v1 ? FirstFormat : problem);

    // The header's members as one object, in the order read (canonical form sorts them anyway).
    private static JsonDocument Compose(List<(string Name, JsonDocument Value)> members)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in members)
            {
                writer.WritePropertyName(name);
                value.RootElement.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory.ToArray());
    }

    private static bool Lists(JsonElement root, out ((long, string) Included, (long, string) Excluded) counts)
    {
        counts = default;
        if (!root.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Object) return false;
        if (!List(entries, "included", out var included) || !List(entries, "excluded", out var excluded)) return false;
        counts = (included, excluded);
        return true;
    }

    private static bool List(JsonElement entries, string name, out (long Count, string Sha256) list)
    {
        list = default;
        if (!entries.TryGetProperty(name, out var e) || e.ValueKind != JsonValueKind.Object) return false;
        if (!e.TryGetProperty("count", out var count) || !count.TryGetInt64(out var n) || ManifestEntryJson.Text(e, "sha256") is not { } sha256) return false;
        list = (n, sha256);
        return true;
    }
}
