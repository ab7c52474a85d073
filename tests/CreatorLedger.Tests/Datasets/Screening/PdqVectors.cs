using System.Text.Json;
using CreatorLedger.Datasets.Screening;

namespace CreatorLedger.Tests.Datasets.Screening;

/// <summary>
/// The PDQ vectors (Vectors/pdq, copied from the shared vectors with their README): 28 generated pictures and what
/// Meta's C++ <c>pdq-photo-hasher</c> gives for them. Each picture is hashed once per test run.
/// </summary>
internal static class PdqVectors
{
    private static readonly Lazy<JsonElement> Expected = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(TestFiles.Vector(Path.Combine("pdq", "expected.json")))).RootElement);

    private static readonly Dictionary<string, Lazy<(PdqResult Plain, PdqDihedralHashes Dihedral)>> Ours =
        Images.ToDictionary(name => name, name => new Lazy<(PdqResult, PdqDihedralHashes)>(() =>
        {
            var bytes = Bytes(name);
            return (PdqHasher.Hash(bytes), PdqHasher.HashDihedral(bytes));
        }));

    public static JsonElement Root => Expected.Value;

    public static IEnumerable<string> Images => Root.GetProperty("images").EnumerateObject().Select(p => p.Name);

    public static JsonElement Image(string name) => Root.GetProperty("images").GetProperty(name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(TestFiles.Vector(Path.Combine("pdq", "images", name)));

    public static PdqResult Hash(string name) => Ours[name].Value.Plain;

    public static PdqDihedralHashes Dihedral(string name) => Ours[name].Value.Dihedral;

    public static PdqHash ReferenceHash(string name) => PdqHash.Parse(Image(name).GetProperty("pdq").GetString()!);

    public static int ReferenceQuality(string name) => Image(name).GetProperty("quality").GetInt32();

    public static bool IsExact(string name) => Image(name).GetProperty("exact").GetBoolean();

    public static IEnumerable<(string A, string B, JsonElement Pair)> Pairs(string list) =>
        Root.GetProperty(list).EnumerateArray().Select(p => (p.GetProperty("a").GetString()!, p.GetProperty("b").GetString()!, p));

    /// <summary>The reference's names of the dihedral hashes, as its <c>--pdqdih</c> prints them.</summary>
    public static PdqDihedral DihedralNamed(string name) => name switch
    {
        "orig" => PdqDihedral.Original,
        "rot90" => PdqDihedral.Rotate90,
        "rot180" => PdqDihedral.Rotate180,
        "rot270" => PdqDihedral.Rotate270,
        "flipx" => PdqDihedral.FlipX,
        "flipy" => PdqDihedral.FlipY,
        "flipp" => PdqDihedral.FlipPlusOne,
        "flipm" => PdqDihedral.FlipMinusOne,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a PDQ dihedral name."),
    };
}
