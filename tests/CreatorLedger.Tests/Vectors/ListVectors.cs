using System.Reflection;
using System.Text;
using System.Text.Json;
using CreatorLedger.Events;
using CreatorLedger.Ledger;
using Xunit;

namespace CreatorLedger.Tests.Vectors;

/// <summary>The independent implementation's list registrations (Vectors/list/README.md) and what it expects of them.</summary>
internal static class ListVectors
{
    private static readonly Lazy<JsonDocument> Expected =
        new(() => JsonDocument.Parse(System.IO.File.ReadAllBytes(File("ledger-list.expected.json"))));

    public static string File(string name) => TestFiles.Vector(Path.Combine("list", name));

    public static JsonElement Root => Expected.Value.RootElement;

    public static string[] Lines => TestFiles.VectorLines(Path.Combine("list", "ledger-list.jsonl"));

    public static List<RecordedEvent> Events =>
        [.. Lines.Select((l, i) => { var e = SignedEvent.Parse(Encoding.UTF8.GetBytes(l)); return new RecordedEvent(e, i + 1, e.At); })];

    public static IEnumerable<string> Ids => Root.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!);

    public static string Checkpoint => Root.GetProperty("checkpoint").GetString()!;

    public static string Did(string label) => Root.GetProperty("identities").GetProperty(label).GetProperty("did").GetString()!;

    /// <summary>
    /// Each bad file (its line 2 is the bad event, in list/) and what the refusal must name: the rows of the store
    /// contract's theory, written there as InlineData so that the real-EventStoreDB run covers them too.
    /// </summary>
    public static TheoryData<string, string> BadFiles
    {
        get
        {
            var method = typeof(Store.EventStoreContract).GetMethod(nameof(Store.EventStoreContract.Import_BadListVector_IsRefusedWholeNamingTheEntry))!;
            var rows = new TheoryData<string, string>();
            foreach (var row in method.GetCustomAttributes<InlineDataAttribute>().Select(a => a.GetData(method).Single()))
                rows.Add((string)row[0], (string)row[1]);
            return rows;
        }
    }
}
