using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Tests.Vectors;
using Xunit;
using static CreatorLedger.Tests.Licensing.DataVariants;

namespace CreatorLedger.Tests.Licensing;

/// <summary>
/// The span readers a replay reads most events with give what the full reader (a document, then the type's
/// <c>TryRead</c>) gives: for valid data of every form, and for every variant one or two changes away from it. Where a
/// span reader cannot tell (escapes, repeated fields, data the full reader throws on) it must say so, never guess.
/// </summary>
public sealed class ProjectedDataTests
{
    private static readonly Obj Entry = new(("work", Str(Work)), ("title", Str("A title")), ("mediaType", Str("image/jpeg")), ("bytes", new Raw("1000")));

    private static readonly Obj FullEntry = new(("work", Str(Work2)), ("title", Str("Ünïcode title")), ("mediaType", Str("text/plain")), ("bytes", new Raw("0")),
        ("uri", Str("https://example.org/a")), ("iscc", Str("ISCC:KACYPXW445FTYNJ3")));

    public static TheoryData<string, string> Valid() => new()
    {
        { EventTypes.WorkRegistered, Entry.Render() },
        { EventTypes.WorkRegistered, FullEntry.Render() },
        { EventTypes.WorkRegistered, new Obj(("works", new Arr(Entry, FullEntry))).Render() },
        { EventTypes.WorkRegistered, new Obj(("works", new Arr(FullEntry))).Render() },
        { EventTypes.WorkWithdrawn, new Obj(("work", Str(Work))).Render() },
        { EventTypes.LicenseGranted, Grant.Render() },
        { EventTypes.LicenseGranted, FullGrant.Render() },
        { EventTypes.LicenseGranted, new Obj(Grant.Fields[..^1]).Render() },
        { EventTypes.LicenseRevoked, Revocation.Render() },
        { EventTypes.LicenseRevoked, new Obj(Revocation.Fields[..^1]).Render() },
        { EventTypes.MandateGranted, Mandate.Render() },
        { EventTypes.MandateGranted, FullMandate.Render() },
        { EventTypes.MandateRevoked, new Obj(("mandate", Str(Hex))).Render() },
    };

    private static readonly Obj Grant = new(("works", new Arr(Str(Work), Str(Work2))), ("licensee", Str(Did)), ("uses", new Arr(Str("ai-train"))),
        ("commercial", new Raw("true")), ("from", Str(Time)), ("terms", new Obj(("attribution", new Raw("false")))));

    private static readonly Obj FullGrant = new(("works", Str("*")), ("owner", Str(Did)), ("licensee", Str("*")),
        ("uses", new Arr(Str("ai-train.genai"), Str("search"))), ("commercial", new Raw("false")), ("from", Str(Time)), ("until", Str(Later)),
        ("territories", new Arr(Str("DE"), Str("FR"))),
        ("terms", new Obj(("fee", new Obj(("amount", Str("0.05")), ("currency", Str("EUR")), ("per", Str("work")))), ("attribution", new Raw("true")),
            ("url", Str("https://example.org/terms")), ("sha256", Str(Hex)))));

    private static readonly Obj Revocation = new(("grant", Str(Hex)), ("effective", Str(Later)), ("reason", Str("scale test")));

    private static readonly Obj Mandate = new(("agent", Str(Did)), ("works", Str("*")), ("uses", new Arr(Str("ai-train"))), ("from", Str(Time)),
        ("commissionPercent", Str("10")));

    private static readonly Obj FullMandate = new(("agent", Str(Did)), ("works", new Arr(Str(Work))), ("uses", new Arr(Str("tdm"), Str("ai-input"))),
        ("from", Str(Time)), ("until", Str(Later)), ("commissionPercent", Str("12.5")));

    [Theory]
    [MemberData(nameof(Valid))]
    public void FastReader_ValidData_ReadsWhatTheFullReaderReads(string type, string data)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        Assert.True(ProjectedEvent.TryReadFast(type, bytes, out var fast, out var work), $"the span reader did not decide {data}");
        var full = ProjectedEvent.ReadData(type, bytes);
        Assert.NotNull(full);
        Assert.Equal(Describe(full), Describe(fast, work));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void FastReader_EveryVariantOneChangeAway_AgreesWithTheFullReader(string type, string data)
    {
        var variants = Parse(type, data).Mutations().Select(v => v.Render()).Distinct().ToList();
        int decided = variants.Count(v => Agrees(type, v));
        // Most variants are decided on the fast path (only escapes, repeats and throws are not): it is not bypassed.
        Assert.True(decided > variants.Count * 3 / 4, $"{decided} of {variants.Count} variants decided by the span reader");
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void FastReader_RandomVariantsTwoChangesAway_AgreeWithTheFullReader(string type, string data)
    {
        var random = new Random(data.Length);
        var once = Parse(type, data).Mutations().ToList();
        for (int i = 0; i < 300; i++)
        {
            var first = once[random.Next(once.Count)];
            var twice = first.Mutations().ToList();
            if (twice.Count > 0) Agrees(type, twice[random.Next(twice.Count)].Render());
        }
    }

    [Theory]
    [InlineData(EventTypes.LicenseGranted, "{\"works\":\"*\",\"licensee\":\"*\",\"uses\":[\"ai-train\"],\"commercial\":true,\"from\":\"2026-06-01T00:00:00.000Z\",\"terms\":{\"fee\":\"free\"}}")]
    [InlineData(EventTypes.LicenseGranted, "{\"works\":\"*\",\"licensee\":\"*\",\"uses\":[\"ai-train\"],\"commercial\":true,\"from\":\"2026-06-01T00:00:00.000Z\",\"reason\":\"\xff\"}")]
    [InlineData(EventTypes.LicenseRevoked, "{\"grant\":\"4b2e8c0f7a9d6e1b3c5a7f9e2d4c6b8a0f1e3d5c7b9a8f6e4d2c0b1a3f5e7d9c\",\"effective\":\"2026-06-01T00:00:00.000Z\",\"reas\\u006fn\":\"x\"}")]
    public void FastReader_DataTheFullReaderMustJudge_IsLeftToIt(string type, string data)
    {
        var bytes = Encoding.Latin1.GetBytes(data);
        Assert.False(ProjectedEvent.TryReadFast(type, bytes, out _, out _));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Read_EnvelopesHoldingEveryVariant_GiveWhatTheFullReaderGives(string type, string data)
    {
        // The store's reading path (an envelope with its id kept) around the data, valid or bent.
        var id = EventId.Parse(Hex2);
        foreach (var variant in Parse(type, data).Mutations().Select(v => v.Render()).Prepend(data).Distinct())
        {
            var envelope = $"{{\"at\":\"{Time}\",\"data\":{variant},\"key\":\"{Did}\",\"prev\":null,\"seq\":7,\"sig\":\"AAAA\",\"stream\":\"{Did}\",\"type\":\"{type}\",\"v\":1}}";
            string expected, actual;
            try { expected = Describe(ProjectedEvent.ReadData(type, Encoding.UTF8.GetBytes(variant))); }
            catch (InvalidOperationException) { expected = "throws"; }
            try
            {
                var read = ProjectedEvent.Read(new StoredEnvelope(3, Encoding.UTF8.GetBytes(envelope), null, id), "variants");
                Assert.Equal((3L, id, 7L, type), (read.Position, read.Id, read.Seq, read.Type));
                actual = Describe(read.Data, read.Work);
            }
            catch (InvalidOperationException) { actual = "throws"; }
            Assert.True(expected == actual, $"{type} {variant}: full reader {expected}, envelope read {actual}");
        }
    }

    [Fact]
    public void Read_VectorLedger_GivesWhatTheFullParseGives()
    {
        int position = 0;
        foreach (var line in VectorLedger.Lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            var signed = SignedEvent.Parse(bytes);
            var stored = ProjectedEvent.Read(new StoredEnvelope(++position, bytes, null, signed.Id), "vectors");
            var full = ProjectedEvent.From(new RecordedEvent(signed, position, LedgerTime.Parse(Time)));
            Assert.Equal((full.Position, full.Id, full.Stream, full.Seq, full.Type, full.At, full.Key), (stored.Position, stored.Id, stored.Stream, stored.Seq, stored.Type, stored.At, stored.Key));
            Assert.Equal(Describe(full.Data, full.Work), Describe(stored.Data, stored.Work));
        }
    }

    [Fact]
    public void Read_VectorLedgerAsWrittenHere_GivesWhatTheFullParseGives()
    {
        // The same events with their members in signed order, as this implementation stores them: read by a byte scan.
        int position = 0;
        foreach (var line in VectorLedger.Lines.Concat(TestFiles.VectorLines(Path.Combine("list", "ledger-list.jsonl"))))
        {
            var bytes = Events.SignedFormTests.SignedForm(Encoding.UTF8.GetBytes(line))!;
            var signed = SignedEvent.Parse(bytes);
            var stored = ProjectedEvent.Read(new StoredEnvelope(++position, bytes, null, signed.Id), "vectors");
            var full = ProjectedEvent.From(new RecordedEvent(signed, position, LedgerTime.Parse(Time)));
            Assert.Equal((full.Position, full.Id, full.Stream, full.Seq, full.Type, full.At, full.Key), (stored.Position, stored.Id, stored.Stream, stored.Seq, stored.Type, stored.At, stored.Key));
            Assert.Equal(Describe(full.Data, full.Work), Describe(stored.Data, stored.Work));
        }
    }

    // True when the span reader decided the data (and then agreed); false when it left it to the full reader.
    private static bool Agrees(string type, string data)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        object? full = null;
        Exception? thrown = null;
        try { full = ProjectedEvent.ReadData(type, bytes); }
        catch (InvalidOperationException e) { thrown = e; }
        if (!ProjectedEvent.TryReadFast(type, bytes, out var fast, out var work)) return false;
        Assert.True(thrown is null, $"the span reader decided {data}, on which the full reader throws: {thrown?.Message}");
        Assert.True(Describe(full) == Describe(fast, work), $"{type} {data}: full reader {Describe(full)}, span reader {Describe(fast, work)}");
        return true;
    }

    private static Obj Parse(string type, string data) => Valid().Select(row => ((string)row[0], (string)row[1])).Contains((type, data))
        ? All.Single(o => o.Render() == data)
        : throw new ArgumentException(data);

    private static readonly Obj[] All =
    [
        Entry, FullEntry, new(("works", new Arr(Entry, FullEntry))), new(("works", new Arr(FullEntry))), new(("work", Str(Work))), Grant, FullGrant,
        new(Grant.Fields[..^1]), Revocation, new(Revocation.Fields[..^1]), Mandate, FullMandate, new(("mandate", Str(Hex))),
    ];

    /// <summary>What the projection gets, as text: a work, a list of works, or the typed record as it would be written again.</summary>
    private static string Describe(object? data, Hash256 work = default) => data switch
    {
        null => "refused",
        Hash256 hash => "work " + hash.ToHex(),
        _ when ReferenceEquals(data, ProjectedEvent.WorkData) => "work " + work.ToHex(),
        Hash256[] works => "works " + string.Join(",", works.Select(w => w.ToHex())),
        LicenseGranted g => $"grant {g.ToDraft().Data.ToJsonString()} {g.Works?.GetType().Name} {g.Uses.GetType().Name} {g.Territories?.GetType().Name} {g.Window}",
        LicenseRevoked r => $"revocation {r.ToDraft().Data.ToJsonString()}",
        MandateGranted m => $"mandate {m.ToDraft().Data.ToJsonString()} {m.Works?.GetType().Name} {m.Uses.GetType().Name}",
        MandateRevoked m => $"mandate revoked {m.ToDraft().Data.ToJsonString()}",
        _ => $"{data.GetType().Name} {data}",
    };
}
