using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CreatorLedger.Identity;
using CreatorLedger.Tests.Vectors;
using CreatorLedger.Transparency;

namespace CreatorLedger.Tests.Transparency;

/// <summary>The independent implementation's checkpoint, cosignature and proof vectors (Vectors/checkpoints/README.md).</summary>
internal static class CheckpointVectors
{
    private static readonly Lazy<JsonDocument> CheckpointsDocument = new(() => Load("checkpoints.json"));
    private static readonly Lazy<JsonDocument> ProofsDocument = new(() => Load("proofs.json"));
    private static readonly Lazy<JsonDocument> BadDocument = new(() => Load("bad.json"));

    public static JsonElement Checkpoints => CheckpointsDocument.Value.RootElement;

    public static JsonElement Proofs => ProofsDocument.Value.RootElement;

    public static IEnumerable<JsonElement> BadCases => BadDocument.Value.RootElement.GetProperty("cases").EnumerateArray();

    public static JsonElement Bad(string name) => BadCases.Single(c => c.GetProperty("name").GetString() == name);

    public static string File(string name) => TestFiles.Vector(Path.Combine("checkpoints", name));

    public static IEnumerable<string> Sizes => Checkpoints.GetProperty("checkpoints").EnumerateObject().Select(p => p.Name);

    public static JsonElement Checkpoint(string size) => Checkpoints.GetProperty("checkpoints").GetProperty(size);

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static byte[] Hex(this JsonElement element, string property) => Convert.FromHexString(element.Text(property));

    public static string LogName => Checkpoints.GetProperty("log").Text("name");

    public static string WitnessName => Checkpoints.GetProperty("witness").Text("name");

    public static NoteVerifierKey LogKey => NoteVerifierKey.Parse(Checkpoints.GetProperty("log").Text("vkey"));

    public static NoteVerifierKey WitnessKey => NoteVerifierKey.Parse(Checkpoints.GetProperty("witness").Text("vkey"));

    public static ulong CosignatureTime => Checkpoints.GetProperty("cosignatureTime").GetUInt64();

    public static SigningKey LogSigningKey() => SigningKey.FromSeed(Checkpoints.GetProperty("log").Hex("seedHex"));

    public static SigningKey WitnessSigningKey() => SigningKey.FromSeed(Checkpoints.GetProperty("witness").Hex("seedHex"));

    /// <summary>Leaf hashes computed here from the ledger-v1 event ids in position order: SHA-256(0x00 ‖ id).</summary>
    public static byte[][] LedgerLeafHashes() =>
        VectorLedger.Events.OrderBy(e => e.GetProperty("position").GetInt64())
            .Select(e => MerkleProofs.LeafHash(EventId.Parse(e.Text("id")).ToBytes())).ToArray();

    /// <summary>A test-only witness key from a label (seed SHA-256 of it), as the vectors derive theirs.</summary>
    public static NoteVerifierKey TestWitness(string label)
    {
        using var key = SigningKey.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("creatorledger-test:" + label)));
        return NoteVerifierKey.ForWitness("example.org/" + label, key.Id.PublicKeyBytes);
    }

    public static NoteVerifierKey TestLog(string label)
    {
        using var key = SigningKey.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("creatorledger-test:" + label)));
        return NoteVerifierKey.ForLog("example.org/" + label, key.Id.PublicKeyBytes);
    }

    private static JsonDocument Load(string name) => JsonDocument.Parse(System.IO.File.ReadAllBytes(File(name)));
}
