using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorLedger.Datasets;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Transparency;

namespace CreatorLedger.Manifests;

/// <summary>
/// A signed training-data manifest: which files a run may use and which it left out, decided at a ledger checkpoint
/// and a time, for a licensee, use, commercial flag and territory. Signed by the developer's key over
/// <c>"CreatorLedger/manifest/v1\n"</c> + the RFC 8785 form of the manifest without <c>sig</c>, so anyone holding the
/// ledger can check, years later, that it is unaltered and that the ledger at that checkpoint still gives the same answers.
/// </summary>
public sealed record TrainingManifest(
    string Run,
    IdentityId Licensee,
    Use Use,
    bool Commercial,
    string? Territory,
    Checkpoint Checkpoint,
    LedgerTime DecidedAt,
    IReadOnlyList<ManifestEntry> Entries,
    string? CheckpointNote = null)
{
    public const string Format = "creatorledger-manifest/v1";
    private static ReadOnlySpan<byte> DomainPrefix => "CreatorLedger/manifest/v1\n"u8;

    /// <summary>The manifest of a dataset checked for <paramref name="request"/> on <paramref name="view"/>: its checkpoint and decision time are the view's.</summary>
    public static TrainingManifest Of(string run, DatasetRequest request, ConsentView view, IReadOnlyList<ManifestEntry> entries, string? checkpointNote = null) =>
        new(run, request.Licensee, request.Use, request.Commercial, request.Territory, view.Checkpoint, view.EvaluatedAt, entries, checkpointNote);

    /// <summary>
    /// The events the included entries rest on, each with its inclusion proof at <see cref="Checkpoint"/> (empty unless
    /// the manifest was made with them): with the pinned note, they let anyone verify the manifest with no ledger.
    /// </summary>
    public IReadOnlyList<ProvenEvent> Proofs { get; init; } = [];

    /// <summary>The shards and Parquet files the samples were read from, each with its SHA-256 (none for loose files: each entry's digest is its bytes').</summary>
    public IReadOnlyList<DatasetFile> Inputs { get; init; } = [];

    public IEnumerable<ManifestEntry> Included => Entries.Where(e => e.IsIncluded);

    public IEnumerable<ManifestEntry> Excluded => Entries.Where(e => !e.IsIncluded);

    /// <summary>Writes the manifest signed by <paramref name="key"/> (the licensee's current key), as indented UTF-8 JSON.</summary>
    public byte[] Sign(SigningKey key)
    {
        var json = ToJson(key.Id);
        var signature = key.Sign(SignedBytes(json));
        json["sig"] = Base64Url.EncodeToString(signature);
        return Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }

    private JsonObject ToJson(IdentityId signer)
    {
        var json = Fields(signer);
        // The operator's signed note of that checkpoint, with the witnesses' cosignatures, when the ledger had one (DESIGN §9);
        // left out otherwise, so a manifest of an unwitnessed ledger is as it always was.
        if (CheckpointNote is not null) json["checkpointNote"] = CheckpointNote;
        if (Inputs.Count > 0)
            json["inputs"] = new JsonArray([.. Inputs.Select(i => (JsonNode)new JsonObject { ["path"] = i.Path, ["bytes"] = i.Bytes, ["sha256"] = i.Sha256 })]);
        // Each proven event as its author signed it (an envelope's id is that of its canonical form, so the object is
        // as good as its bytes), with its leaf index and proof hashes in base64, as C2SP tlog-proof writes them.
        if (Proofs.Count > 0)
            json["proofs"] = new JsonArray([.. Proofs.Select(p => (JsonNode)new JsonObject
            {
                ["index"] = p.Index,
                ["hashes"] = new JsonArray([.. p.Hashes.Select(h => (JsonNode)Convert.ToBase64String(h))]),
                ["event"] = JsonNode.Parse(p.Event.Bytes),
            })]);
        return json;
    }

    private JsonObject Fields(IdentityId signer) => new()
    {
        ["format"] = Format,
        ["run"] = Run,
        ["licensee"] = Licensee.Value,
        ["use"] = Use.Name,
        ["commercial"] = Commercial,
        ["territory"] = Territory,
        ["checkpoint"] = new JsonObject { ["size"] = Checkpoint.Size, ["root"] = Checkpoint.Root },
        ["decidedAt"] = DecidedAt.ToString(),
        ["included"] = new JsonArray([.. Included.Select(e => (JsonNode)Where(e, new JsonObject
        {
            ["path"] = e.Path, ["work"] = e.Work?.Value, ["owner"] = e.Owner?.Value,
            ["grants"] = new JsonArray([.. e.Grants.Select(g => (JsonNode)g.Hex)]),
        }))]),
        ["excluded"] = new JsonArray([.. Excluded.Select(e => (JsonNode)Where(e, new JsonObject
        {
            ["path"] = e.Path, ["work"] = e.Work?.Value, ["decision"] = e.Decision, ["reason"] = e.Reason,
        }))]),
        ["signer"] = signer.Value,
    };

    // Where the sample is within its file and how its digest was had (DESIGN §10), each field only when it applies.
    private static JsonObject Where(ManifestEntry e, JsonObject entry)
    {
        if (e.Key is not null) entry["key"] = e.Key;
        if (e.Member is not null) entry["member"] = e.Member;
        if (e.Row is { } row) entry["row"] = row;
        if (e.DigestSource is { } source) entry["digestSource"] = source == DigestSource.Content ? "content" : "metadata";
        return entry;
    }

    private static ManifestEntry Where(JsonElement e, ManifestEntry entry) => entry with
    {
        Key = Text(e, "key"),
        Member = Text(e, "member"),
        Row = e.TryGetProperty("row", out var row) && row.ValueKind == JsonValueKind.Number ? row.GetInt64() : null,
        DigestSource = Text(e, "digestSource") switch { "content" => DigestSource.Content, "metadata" => DigestSource.Metadata, _ => null },
    };

    private static byte[] SignedBytes(JsonObject unsigned)
    {
        using var document = JsonDocument.Parse(unsigned.ToJsonString());
        return [.. DomainPrefix, .. CanonicalJson.Serialize(document.RootElement, omit: "sig")];
    }

    /// <summary>
    /// Parses and verifies a signed manifest. False, with the problem, when it is not one, when any byte of its
    /// content was changed, or when the signature is not the signer's.
    /// </summary>
    public static bool TryOpen(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out TrainingManifest? manifest, out IdentityId signer,
        [NotNullWhen(false)] out string? problem)
    {
        manifest = null;
        signer = default;
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != Format)
            { problem = $"not a CreatorLedger manifest (no \"format\": \"{Format}\")"; return false; }
            var r = new DataReader(root);
            signer = r.Did("signer");
            var sig = r.String("sig");
            byte[] signature;
            try { signature = Base64Url.DecodeFromChars(sig); } catch (FormatException) { signature = []; }
            var signed = (byte[])[.. DomainPrefix, .. CanonicalJson.Serialize(root, omit: "sig")];
            if (r.Problem is not null) { problem = r.Problem; return false; }
            if (!SignatureVerifier.Verify(signer, signed, signature))
            { problem = $"the signature does not verify under {signer}: the manifest was changed or signed by another key"; return false; }

            var licensee = r.Did("licensee");
            if (!Use.TryParse(r.String("use"), out var use)) r.Fail("\"use\" is not a known use");
            var checkpointElement = r.Element("checkpoint");
            var checkpoint = new Checkpoint(checkpointElement.GetProperty("size").GetInt64(), checkpointElement.GetProperty("root").GetString()!);
            var entries = new List<ManifestEntry>();
            foreach (var e in root.GetProperty("included").EnumerateArray())
                entries.Add(Where(e, new ManifestEntry(Text(e, "path"), Work(e), "Licensed", "Licensed", Did(e, "owner"),
                    [.. e.GetProperty("grants").EnumerateArray().Select(g => EventId.Parse(g.GetString()!))])));
            foreach (var e in root.GetProperty("excluded").EnumerateArray())
                entries.Add(Where(e, new ManifestEntry(Text(e, "path"), Work(e), Text(e, "decision") ?? "", Text(e, "reason") ?? "", null, [])));
            var territory = root.TryGetProperty("territory", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            manifest = new TrainingManifest(r.String("run"), licensee, use ?? Use.Tdm, r.Boolean("commercial"), territory, checkpoint,
                r.Time("decidedAt"), entries, Text(root, "checkpointNote")) { Proofs = ReadProofs(root, r), Inputs = ReadInputs(root) };
            problem = r.Problem;
            if (problem is not null) manifest = null;
            return problem is null;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            problem = $"not a valid manifest ({e.Message})";
            return false;
        }
    }

    private static List<DatasetFile> ReadInputs(JsonElement root) =>
        root.TryGetProperty("inputs", out var inputs)
            ? [.. inputs.EnumerateArray().Select(i => new DatasetFile(Text(i, "path") ?? "", i.GetProperty("bytes").GetInt64(), Text(i, "sha256")))]
            : [];

    private static List<ProvenEvent> ReadProofs(JsonElement root, DataReader r)
    {
        var proofs = new List<ProvenEvent>();
        if (!root.TryGetProperty("proofs", out var list)) return proofs;
        foreach (var p in list.EnumerateArray())
        {
            if (!SignedEvent.TryParse(Encoding.UTF8.GetBytes(p.GetProperty("event").GetRawText()), out var e, out var problem))
            {
                r.Fail($"proof {proofs.Count + 1} holds no envelope ({problem})");
                break;
            }
            var hashes = p.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!)).ToList();
            if (hashes.Exists(h => h.Length != MerkleProofs.HashSize) || hashes.Count > TlogProof.MaxHashes)
            {
                r.Fail($"proof {proofs.Count + 1} ({e}) has a hash that is not 32 bytes, or too many");
                break;
            }
            proofs.Add(new ProvenEvent(e, p.GetProperty("index").GetInt64(), hashes));
        }
        return proofs;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static WorkId? Work(JsonElement e) => Text(e, "work") is { } w ? WorkId.Parse(w) : null;

    private static IdentityId? Did(JsonElement e, string name) => Text(e, name) is { } d ? IdentityId.Parse(d) : null;
}
