using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorLedger.Datasets;
using CreatorLedger.Datasets.Screening;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Transparency;

namespace CreatorLedger.Manifests;

/// <summary>
/// A signed training-data manifest: which files a run may use and which it left out, decided at a ledger checkpoint
/// and a time, for a licensee, use, commercial flag and territory. Signed by the developer's key over
/// <c>"CreatorLedger/manifest/v2\n"</c> + the RFC 8785 form of its header, which counts and digests both entry lists
/// (<see cref="ManifestWriter"/>, <see cref="ManifestReader"/>: a manifest of any size streams), so anyone holding the
/// ledger can check, years later, that it is unaltered and that the ledger at that checkpoint still gives the same
/// answers. Manifests of the first format (<c>v1</c>: the whole document signed) are still read.
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
    /// <summary>The format written: a signed header that counts and digests the entry lists, so any size streams.</summary>
    public const string Format = "creatorledger-manifest/v2";

    /// <summary>The first format (signed whole), still read.</summary>
    public const string FormatV1 = "creatorledger-manifest/v1";

    private static ReadOnlySpan<byte> DomainPrefix => "CreatorLedger/manifest/v2\n"u8;
    private static ReadOnlySpan<byte> DomainPrefixV1 => "CreatorLedger/manifest/v1\n"u8;

    internal static readonly JsonSerializerOptions FileOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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

    /// <summary>The lists the samples were screened against and the hashes kept of each (null when they were not screened).</summary>
    public ManifestScreening? Screening { get; init; }

    public IEnumerable<ManifestEntry> Included => Entries.Where(e => e.IsIncluded);

    public IEnumerable<ManifestEntry> Excluded => Entries.Where(e => !e.IsIncluded);

    /// <summary>Writes the manifest signed by <paramref name="key"/> (the licensee's current key), as indented UTF-8 JSON.</summary>
    public byte[] Sign(SigningKey key)
    {
        using var writer = new ManifestWriter();
        foreach (var entry in Entries) writer.Add(entry);
        using var output = new MemoryStream();
        writer.WriteTo(output, this, key);
        return output.ToArray();
    }

    /// <summary>The header a key signs: everything but the entries, which it covers by their lists' counts and digests.</summary>
    internal JsonObject Header(IdentityId signer, EntryList included, EntryList excluded)
    {
        var json = new JsonObject
        {
            ["format"] = Format,
            ["run"] = Run,
            ["licensee"] = Licensee.Value,
            ["use"] = Use.Name,
            ["commercial"] = Commercial,
            ["territory"] = Territory,
            ["checkpoint"] = new JsonObject { ["size"] = Checkpoint.Size, ["root"] = Checkpoint.Root },
            ["decidedAt"] = DecidedAt.ToString(),
        };
        // The operator's signed note of that checkpoint, with the witnesses' cosignatures, when the ledger had one (DESIGN §9).
        if (CheckpointNote is not null) json["checkpointNote"] = CheckpointNote;
        if (Inputs.Count > 0)
            json["inputs"] = new JsonArray([.. Inputs.Select(i => (JsonNode)new JsonObject { ["path"] = i.Path, ["bytes"] = i.Bytes, ["sha256"] = i.Sha256 })]);
        // Lists by what identifies them, never their hashes (DESIGN §11).
        if (Screening is { } screening)
            json["screening"] = new JsonObject
            {
                ["lists"] = new JsonArray([.. screening.Lists.Select(l => (JsonNode)new JsonObject
                {
                    ["name"] = l.Name, ["version"] = l.Version, ["issuer"] = l.Issuer, ["sha256"] = l.Sha256, ["entries"] = l.Entries,
                })]),
                ["hashes"] = new JsonArray([.. screening.Hashes.Kinds().Select(k => (JsonNode)k.Name())]),
            };
        // Each proven event as its author signed it (an envelope's id is that of its canonical form, so the object is
        // as good as its bytes), with its leaf index and proof hashes in base64, as C2SP tlog-proof writes them.
        if (Proofs.Count > 0)
            json["proofs"] = new JsonArray([.. Proofs.Select(p => (JsonNode)new JsonObject
            {
                ["index"] = p.Index,
                ["hashes"] = new JsonArray([.. p.Hashes.Select(h => (JsonNode)Convert.ToBase64String(h))]),
                ["event"] = JsonNode.Parse(p.Event.Bytes),
            })]);
        json["entries"] = new JsonObject
        {
            ["included"] = new JsonObject { ["count"] = included.Count, ["sha256"] = included.Sha256 },
            ["excluded"] = new JsonObject { ["count"] = excluded.Count, ["sha256"] = excluded.Sha256 },
        };
        json["signer"] = signer.Value;
        return json;
    }

    internal string SignHeader(JsonObject header, SigningKey key)
    {
        using var document = JsonDocument.Parse(header.ToJsonString());
        return Base64Url.EncodeToString(key.Sign(SignedBytes(document.RootElement)));
    }

    /// <summary>What a manifest's key signs: <c>"CreatorLedger/manifest/v2\n"</c> + the RFC 8785 form of its header without <c>sig</c>.</summary>
    internal static byte[] SignedBytes(JsonElement header) => [.. DomainPrefix, .. CanonicalJson.Serialize(header, omit: "sig")];

    /// <summary>
    /// Parses and verifies a signed manifest. False, with the problem, when it is not one, when any byte of its
    /// content was changed, or when the signature is not the signer's.
    /// </summary>
    public static bool TryOpen(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out TrainingManifest? manifest, out IdentityId signer,
        [NotNullWhen(false)] out string? problem)
    {
        var entries = new List<ManifestEntry>();
        var read = ManifestReader.Read(new MemoryStream(bytes.ToArray(), writable: false), entries.Add);
        if (ManifestReader.IsFirstFormat(read)) return TryOpenV1(bytes, out manifest, out signer, out problem);
        signer = read.Signer;
        manifest = read.Manifest is { } m ? m with { Entries = entries } : null;
        problem = read.Problem;
        return read.IsValid;
    }

    // The first format: the signature covers the RFC 8785 form of the whole manifest.
    private static bool TryOpenV1(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out TrainingManifest? manifest, out IdentityId signer,
        [NotNullWhen(false)] out string? problem)
    {
        manifest = null;
        signer = default;
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray());
            var root = document.RootElement;
            var r = new DataReader(root);
            signer = r.Did("signer");
            var sig = r.String("sig");
            byte[] signature;
            try { signature = Base64Url.DecodeFromChars(sig); } catch (FormatException) { signature = []; }
            var signed = (byte[])[.. DomainPrefixV1, .. CanonicalJson.Serialize(root, omit: "sig")];
            if (r.Problem is not null) { problem = r.Problem; return false; }
            if (!SignatureVerifier.Verify(signer, signed, signature))
            { problem = $"the signature does not verify under {signer}: the manifest was changed or signed by another key"; return false; }
            var entries = new List<ManifestEntry>();
            foreach (var e in root.GetProperty("included").EnumerateArray()) entries.Add(ManifestEntryJson.Read(e, included: true));
            foreach (var e in root.GetProperty("excluded").EnumerateArray()) entries.Add(ManifestEntryJson.Read(e, included: false));
            manifest = FromHeader(root, r, entries);
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

    /// <summary>The manifest a verified header describes, with <paramref name="entries"/>; problems go to <paramref name="r"/>.</summary>
    internal static TrainingManifest FromHeader(JsonElement root, DataReader r, List<ManifestEntry> entries)
    {
        var licensee = r.Did("licensee");
        if (!Use.TryParse(r.String("use"), out var use)) r.Fail("\"use\" is not a known use");
        var checkpointElement = r.Element("checkpoint");
        var checkpoint = new Checkpoint(checkpointElement.GetProperty("size").GetInt64(), checkpointElement.GetProperty("root").GetString()!);
        var territory = root.TryGetProperty("territory", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return new TrainingManifest(r.String("run"), licensee, use ?? Use.Tdm, r.Boolean("commercial"), territory, checkpoint,
            r.Time("decidedAt"), entries, ManifestEntryJson.Text(root, "checkpointNote")) { Proofs = ReadProofs(root, r), Inputs = ReadInputs(root), Screening = ReadScreening(root) };
    }

    private static ManifestScreening? ReadScreening(JsonElement root)
    {
        if (!root.TryGetProperty("screening", out var s) || s.ValueKind != JsonValueKind.Object) return null;
        var lists = s.TryGetProperty("lists", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Select(i => new ManifestList(ManifestEntryJson.Text(i, "name") ?? "", ManifestEntryJson.Text(i, "version"),
                ManifestEntryJson.Text(i, "issuer"), ManifestEntryJson.Text(i, "sha256") ?? "",
                i.TryGetProperty("entries", out var n) && n.TryGetInt64(out var count) ? count : 0)).ToList()
            : [];
        var hashes = ScreeningNeeds.None;
        if (s.TryGetProperty("hashes", out var h) && h.ValueKind == JsonValueKind.Array)
            foreach (var kind in h.EnumerateArray())
                foreach (var k in Enum.GetValues<HashKind>())
                    if (kind.ValueKind == JsonValueKind.String && kind.GetString() == k.Name()) hashes |= k.Need();
        return new ManifestScreening(lists, hashes);
    }

    private static List<DatasetFile> ReadInputs(JsonElement root) =>
        root.TryGetProperty("inputs", out var inputs)
            ? [.. inputs.EnumerateArray().Select(i => new DatasetFile(ManifestEntryJson.Text(i, "path") ?? "", i.GetProperty("bytes").GetInt64(), ManifestEntryJson.Text(i, "sha256")))]
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
}
