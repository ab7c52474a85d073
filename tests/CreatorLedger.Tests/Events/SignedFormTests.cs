using System.Buffers.Text;
using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Tests.Vectors;
using Xunit;

namespace CreatorLedger.Tests.Events;

/// <summary>
/// Envelopes in the form they were signed in are read without a document (<see cref="SignedEvent.TryReadSignedForm"/>),
/// and whatever that path accepts, the full parse accepts with the same fields, signed bytes and data: for every vector
/// event, for every variant one byte away, and for seeded variants two changes away. What it declines, the full parse
/// judges, so <see cref="SignedEvent.TryParse"/> gives the same answers and reasons as before.
/// </summary>
public sealed class SignedFormTests
{
    private static readonly string[] VectorLines =
    [
        .. VectorLedger.Lines,
        .. TestFiles.VectorLines(Path.Combine("list", "ledger-list.jsonl")),
        .. new[] { "fork", "missing-event", "non-integer", "reordered", "rotated-key", "signature", "time-backwards", "wrong-key" }
            .SelectMany(name => TestFiles.VectorLines($"bad-{name}.jsonl")),
    ];

    // The vectors' independent implementations put "v" first; the same events as this implementation writes them.
    private static readonly byte[][] Written = [.. VectorLines.Select(l => SignedForm(Encoding.UTF8.GetBytes(l))).OfType<byte[]>()];

    /// <summary>The envelope as written here: its signed bytes' JSON with <c>sig</c> added last.</summary>
    internal static byte[]? SignedForm(byte[] line)
    {
        if (!SignedEvent.TryParseDocument(line, out var e, out _)) return null;
        var body = e.SignedBytes[SignedEvent.DomainPrefix.Length..];
        return [.. body[..^1], .. Encoding.ASCII.GetBytes($",\"sig\":\"{Base64Url.EncodeToString(e.Signature)}\"}}")];
    }

    /// <summary>True when the fast path took <paramref name="bytes"/>; then the full parse must give the same event.</summary>
    private static bool Agrees(byte[] bytes)
    {
        bool fast = SignedEvent.TryReadSignedForm(bytes, out var read);
        bool full = SignedEvent.TryParseDocument(bytes, out var parsed, out var problem);
        bool combined = SignedEvent.TryParse(bytes, out var either, out var combinedProblem);
        Assert.Equal(full, combined);
        if (!fast)
        {
            Assert.Equal(problem, combinedProblem);
            return false;
        }
        Assert.True(full, $"the fast path accepted what the full parse refuses ({problem}): {Encoding.UTF8.GetString(bytes)}");
        Assert.Equal(Describe(parsed!), Describe(read!));
        Assert.Equal(Describe(parsed!), Describe(either!));
        return true;
    }

    private static string Describe(SignedEvent e) =>
        $"{e.Id}|{e.Stream}|{e.Seq}|{e.Prev}|{e.Type}|{e.At}|{e.Key}|{Convert.ToHexString(e.Signature)}|{Convert.ToHexString(e.SignedBytes)}|" +
        $"{Convert.ToHexString(e.Bytes)}|{e.Data.GetRawText()}|{e.Data.ValueKind}";

    [Fact]
    public void EveryVectorEvent_GivesTheSameAnswerAndReasonAsTheFullParse()
    {
        foreach (var line in VectorLines) Agrees(Encoding.UTF8.GetBytes(line));
    }

    [Fact]
    public void EveryVectorEvent_AsWrittenHere_IsReadWithoutADocument_AndVerifiesAsTheVectorDoes()
    {
        int count = 0;
        foreach (var line in VectorLines.Select(Encoding.UTF8.GetBytes))
        {
            if (SignedForm(line) is not { } written) continue;
            // RFC 8785 writes a quote, a backslash or a tab escaped: such an event goes to the full parse.
            bool escapes = written.Contains((byte)'\\');
            Assert.True(Agrees(written) != escapes, $"{(escapes ? "read" : "not read")} in signed form: {Encoding.UTF8.GetString(written)}");
            if (!escapes) count++;
            // The member order is not signed: the rewritten event is the same event, with the same verdict.
            Assert.Equal(SignedEvent.Parse(line).Id, SignedEvent.Parse(written).Id);
            Assert.Equal(SignedEvent.Parse(line).HasValidSignature(), SignedEvent.Parse(written).HasValidSignature());
        }
        Assert.True(count >= 30, $"only {count} vector events read in signed form");
    }

    [Fact]
    public void Signature_AnywhereAmongTheMembers_IsCutOutOfTheSignedBytes()
    {
        var e = SignedEvent.Parse(Written[3]);
        var sig = $"\"sig\":\"{Base64Url.EncodeToString(e.Signature)}\"";
        var body = Encoding.UTF8.GetString(e.SignedBytes[SignedEvent.DomainPrefix.Length..]);
        // Before the first member, between two, and last.
        foreach (var at in new[] { 1, body.LastIndexOf(",\"key\"", StringComparison.Ordinal) + 1, body.Length - 1 })
        {
            var text = at == body.Length - 1 ? body[..at] + "," + sig + "}" : body[..at] + sig + "," + body[at..];
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.True(Agrees(bytes), text);
            Assert.Equal(e.Id, SignedEvent.Parse(bytes).Id);
            Assert.True(SignedEvent.Parse(bytes).HasValidSignature());
        }
    }

    [Fact]
    public void Data_ReadLazily_IsTheDataAsWritten_OnEveryThreadAtOnce()
    {
        var bytes = Written.MaxBy(b => b.Length)!;
        Assert.True(SignedEvent.TryReadSignedForm(bytes, out var e));
        var texts = new string[16];
        Parallel.For(0, texts.Length, i => texts[i] = e.Data.GetRawText());
        var expected = SignedEvent.Parse(bytes).Data.GetRawText();
        Assert.All(texts, t => Assert.Equal(expected, t));
        Assert.Contains(expected, Encoding.UTF8.GetString(bytes));
    }

    // One byte changed, dropped or added at every position: the bytes JSON and RFC 8785 turn on, and some that are plain.
    private static readonly byte[] Replacements = "\"\\,:{}[]0 -1.eaZ\u007f"u8.ToArray().Append((byte)0x1f).Append((byte)0xc3).Append((byte)0x80).ToArray();

    private static IEnumerable<byte[]> OneByteAway(byte[] bytes)
    {
        for (int i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length)
            {
                yield return [.. bytes[..i], .. bytes[(i + 1)..]];
                foreach (var r in Replacements)
                    if (r != bytes[i]) yield return [.. bytes[..i], r, .. bytes[(i + 1)..]];
            }
            yield return [.. bytes[..i], (byte)' ', .. bytes[i..]];
        }
    }

    public static TheoryData<int> Samples() => [.. Enumerable.Range(0, 6).Select(i => i * 5)];

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryVariantOneByteAway_AgreesWithTheFullParse(int sample)
    {
        var bytes = Written.Where(b => b.Length < 2048).ElementAt(sample);
        int decided = 0, valid = 0;
        foreach (var variant in OneByteAway(bytes))
        {
            if (Agrees(variant)) decided++;
            if (SignedEvent.TryParseDocument(variant, out _, out _)) valid++;
        }
        // Some one-byte changes keep the envelope in signed form (a letter in a string): those are read fast, not bypassed.
        Assert.True(decided > 0 && decided <= valid, $"{decided} of {valid} valid variants read in signed form");
    }

    private static byte[] RandomChange(byte[] bytes, Random random)
    {
        int i = random.Next(bytes.Length);
        return random.Next(3) switch
        {
            0 => [.. bytes[..i], .. bytes[(i + 1)..]],
            1 => [.. bytes[..i], Replacements[random.Next(Replacements.Length)], .. bytes[(i + 1)..]],
            _ => [.. bytes[..i], (byte)' ', .. bytes[i..]],
        };
    }

    [Fact]
    public void SeededVariantsTwoChangesAway_AgreeWithTheFullParse()
    {
        var random = new Random(20261207);
        var samples = Written.Where(b => b.Length < 2048).ToArray();
        int decided = 0;
        for (int n = 0; n < 20000; n++)
        {
            var bytes = RandomChange(RandomChange(samples[random.Next(samples.Length)], random), random);
            if (Agrees(bytes)) decided++;
        }
        Assert.True(decided > 0, "no variant two changes away was read in signed form");
    }

    public static TheoryData<string, string, bool> Edits() => new()
    {
        // Declined: not what RFC 8785 writes, so only the full parse can say what was signed.
        { "an escaped letter", "\"Alice Example\"|\"Alic\\u0065 Example\"", false },
        { "an escaped quote", "\"Alice Example\"|\"Alice \\\"Example\\\"\"", false },
        { "a fraction", "\"role\":\"creator\"|\"role\":\"creator\",\"z\":1.0", false },
        { "an exponent", "\"role\":\"creator\"|\"role\":\"creator\",\"z\":1e3", false },
        { "minus zero", "\"role\":\"creator\"|\"role\":\"creator\",\"z\":-0", false },
        { "2^53", "\"role\":\"creator\"|\"role\":\"creator\",\"z\":9007199254740992", false },
        { "16 digits", "\"role\":\"creator\"|\"role\":\"creator\",\"z\":1000000000000000", false },
        { "an unsorted member", "\"role\":\"creator\"|\"role\":\"creator\",\"a\":1", false },
        { "a repeated member", "\"role\":\"creator\"|\"role\":\"creator\",\"role\":\"x\"", false },
        { "a non-ASCII name", "\"role\":\"creator\"|\"role\":\"creator\",\"é\":1", false },
        { "whitespace", "\"role\":\"creator\"|\"role\": \"creator\"", false },
        { "a second sig", "\"v\":1|\"v\":1,\"sig\":\"x\"", false },
        { "nesting 16 deep", "\"role\":\"creator\"|\"role\":\"creator\",\"z\":[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]", false },
        { "a seq of 0", "\"seq\":1|\"seq\":0", false },
        // Read: still the signed form; the full parse and the fast path must agree on all of it.
        { "15 digits", "\"role\":\"creator\"|\"role\":\"creator\",\"z\":-999999999999999", true },
        { "nesting 13 deep", "\"role\":\"creator\"|\"role\":\"creator\",\"z\":[[[[[[[[[[[[[{}]]]]]]]]]]]]]", true },
        { "literals", "\"role\":\"creator\"|\"role\":\"creator\",\"x\":[true,false,null],\"y\":{},\"z\":[]", true },
        { "non-ASCII text", "\"Alice Example\"|\"Ålice 𝄞 Exämple\u007f\"", true },
        { "an unknown top-level member", "\"v\":1|\"v\":1,\"w\":{\"b\":[1,2]}", true },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Edit_IsReadInSignedFormOnlyWhenItIsThatForm(string what, string edit, bool read)
    {
        var parts = edit.Split('|');
        var text = Encoding.UTF8.GetString(Written[0]);
        Assert.Contains(parts[0], text);
        var bytes = Encoding.UTF8.GetBytes(text.Replace(parts[0], parts[1]));
        Assert.True(read == Agrees(bytes), $"{what}: expected {(read ? "read" : "declined")}");
    }
}
