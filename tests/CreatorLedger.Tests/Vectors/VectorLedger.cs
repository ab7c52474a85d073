using System.Text.Json;

namespace CreatorLedger.Tests.Vectors;

/// <summary>The independent implementation's expectations for ledger-v1.jsonl (see Vectors/README.md).</summary>
internal static class VectorLedger
{
    private static readonly Lazy<JsonDocument> Expected =
        new(() => JsonDocument.Parse(File.ReadAllBytes(TestFiles.Vector("ledger-v1.expected.json"))));

    public static JsonElement Root => Expected.Value.RootElement;

    public static string[] Lines => TestFiles.VectorLines("ledger-v1.jsonl");

    public static IEnumerable<JsonElement> Events => Root.GetProperty("events").EnumerateArray();

    public static IEnumerable<(long Size, string Checkpoint)> Checkpoints =>
        Root.GetProperty("checkpoints").EnumerateObject().Select(p => (long.Parse(p.Name), p.Value.GetString()!));

    public static byte[] Seed(string label) => Convert.FromHexString(Root.GetProperty("identities").GetProperty(label).GetProperty("seedHex").GetString()!);

    public static string Did(string label) => Root.GetProperty("identities").GetProperty(label).GetProperty("did").GetString()!;
}
