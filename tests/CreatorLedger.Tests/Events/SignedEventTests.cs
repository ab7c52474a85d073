using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Tests.Vectors;
using Xunit;

namespace CreatorLedger.Tests.Events;

/// <summary>Envelopes as read from a file or a store: refused with a reason, or kept byte for byte.</summary>
public sealed class SignedEventTests
{
    // Line 1 is Alice's genesis, line 4 her seq 2; both ASCII, so re-serializing them changes no character.
    private static string Line(int number) => VectorLedger.Lines[number - 1];

    private static string Edit(int line, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(Line(line))!.AsObject();
        edit(json);
        return json.ToJsonString();
    }

    private static string Problem(string text)
    {
        Assert.False(SignedEvent.TryParse(Encoding.UTF8.GetBytes(text), out var signed, out var problem));
        Assert.Null(signed);
        Assert.Throws<FormatException>(() => SignedEvent.Parse(Encoding.UTF8.GetBytes(text)));
        return problem;
    }

    [Fact]
    public void TryParse_VectorLine_KeepsTheBytesAndVerifies()
    {
        var bytes = Encoding.UTF8.GetBytes(Line(4));
        Assert.True(SignedEvent.TryParse(bytes, out var e, out var problem), problem);
        Assert.Equal(bytes, e.Bytes);
        Assert.Equal(2, e.Seq);
        Assert.Equal(EventId.Parse("4f8d420894d609e30782ae7d85e61ecea1f6f52326c88bb0576ff57a29bcc473"), e.Prev);
        Assert.Equal(EventTypes.WorkRegistered, e.Type);
        Assert.Equal(LedgerTime.Parse("2026-01-02T10:00:00.000Z"), e.At);
        Assert.Equal(EventId.FromHash(SHA256.HashData(e.SignedBytes)), e.Id);
        Assert.True(e.HasValidSignature());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"v\":1,")]
    [InlineData("{\"v\":1}{\"v\":1}")]
    public void TryParse_NotJson_SaysSo(string text) => Assert.StartsWith("not valid JSON", Problem(text));

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"v\":1}]")]
    [InlineData("\"envelope\"")]
    [InlineData("null")]
    public void TryParse_NotAnObject_SaysSo(string text) => Assert.Equal("an envelope is a JSON object", Problem(text));

    [Theory]
    [InlineData("v")]
    [InlineData("stream")]
    [InlineData("seq")]
    [InlineData("prev")]
    [InlineData("type")]
    [InlineData("at")]
    [InlineData("key")]
    [InlineData("data")]
    [InlineData("sig")]
    public void TryParse_MissingField_NamesIt(string field) =>
        Assert.Contains($"\"{field}\"", Problem(Edit(1, j => j.Remove(field))));

    [Theory]
    [InlineData("v", "2")]
    [InlineData("v", "\"1\"")]
    [InlineData("seq", "0")]
    [InlineData("seq", "-1")]
    [InlineData("seq", "\"1\"")]
    [InlineData("stream", "\"did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW\"")]
    [InlineData("key", "\"alice\"")]
    [InlineData("type", "\"\"")]
    [InlineData("type", "null")]
    [InlineData("data", "[]")]
    [InlineData("data", "null")]
    [InlineData("prev", "\"4F8D420894D609E30782AE7D85E61ECEA1F6F52326C88BB0576FF57A29BCC473\"")]
    public void TryParse_FieldWithWrongValue_NamesIt(string field, string json) =>
        Assert.Contains($"\"{field}\"", Problem(Edit(4, j => j[field] = JsonNode.Parse(json))));

    [Fact]
    public void TryParse_PrevNullAfterSeq1_IsRefused() =>
        Assert.Contains("\"prev\" is null but seq is 2", Problem(Edit(4, j => j["prev"] = null)));

    [Fact]
    public void TryParse_PrevSetAtSeq1_IsRefused() =>
        Assert.Equal("seq 1 must have \"prev\": null", Problem(Edit(1, j => j["prev"] = new string('a', 64))));

    [Theory]
    [InlineData("2026-01-01T09:00:00Z")]
    [InlineData("2026-01-01T10:00:00.000+01:00")]
    [InlineData("2026-01-01T09:00:00.000+00:00")]
    [InlineData("2026-01-01T09:00:00.0000Z")]
    [InlineData("2026-01-01T09:00:00.00Z")]
    [InlineData("2026-01-01 09:00:00.000Z")]
    [InlineData("2026-02-30T09:00:00.000Z")]
    [InlineData("1767258000000")]
    public void TryParse_AtNotInLedgerFormat_IsRefused(string at) =>
        Assert.Contains("\"at\"", Problem(Edit(1, j => j["at"] = at)));

    [Fact]
    public void TryParse_AtAsANumber_IsRefused() =>
        Assert.Contains("\"at\"", Problem(Edit(1, j => j["at"] = 1767258000000)));

    [Theory]
    [InlineData("==")]   // padded
    [InlineData("")]     // right characters, one short (85)
    [InlineData("A")]    // one long (87)
    [InlineData("+")]    // standard base64, not base64url
    public void TryParse_SignatureNotUnpaddedBase64Url_IsRefused(string change)
    {
        var problem = Problem(Edit(1, j =>
        {
            var sig = (string)j["sig"]!;
            j["sig"] = change switch
            {
                "==" => sig[..84] + "==",
                "" => sig[..85],
                "+" => "+" + sig[1..],
                _ => sig + change,
            };
        }));
        Assert.Contains("\"sig\"", problem);
    }

    [Fact]
    public void TryParse_SignatureWithNonZeroTrailingBits_IsRefused()
    {
        // 64 bytes use 512 of the 516 bits of 86 characters; another last character with the same
        // first 2 bits would decode to the same signature. Only the canonical one is accepted.
        Assert.Contains("\"sig\"", Problem(Edit(1, j =>
        {
            var sig = (string)j["sig"]!;
            var bytes = Base64Url.DecodeFromChars(sig);
            Assert.Equal(sig, Base64Url.EncodeToString(bytes));
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            j["sig"] = sig[..85] + alphabet[alphabet.IndexOf(sig[85]) ^ 0x01];
        })));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("1.0")]
    [InlineData("-0")]
    [InlineData("9007199254740992")]
    public void TryParse_NonIntegerNumberInData_IsRefused(string number)
    {
        var text = Line(4).Replace("\"bytes\":33", $"\"bytes\":{number}");
        Assert.Contains(number, Problem(text));
    }

    [Fact]
    public void TryParse_DuplicateKeyInData_IsRefused()
    {
        var text = Line(1).Replace("\"name\":\"Alice Example\"", "\"name\":\"Alice Example\",\"name\":\"Mallory\"");
        Assert.Contains("duplicate property \"name\"", Problem(text));
    }

    [Fact]
    public void TryParse_DuplicateTopLevelKey_IsRefused()
    {
        var text = Line(1).Replace("\"seq\":1,", "\"seq\":1,\"seq\":1,");
        Assert.Contains("duplicate property \"seq\"", Problem(text));
    }

    [Fact]
    public void TryParse_LoneSurrogate_IsRefused()
    {
        var text = Line(1).Replace("\"Alice Example\"", "\"Alice \\ud800 Example\"");
        Assert.Contains("not valid Unicode", Problem(text));
    }

    [Theory]
    [InlineData("\"stream\":\"did:key:z6Mk")]
    [InlineData("\"name\":\"Alice")]
    public void TryParse_InvalidUtf8InAString_IsRefusedWithAReason_NotThrown(string after)
    {
        // A lone continuation byte: the JSON reader passes it, and reading the string used to throw.
        var line = Encoding.UTF8.GetBytes(Line(1));
        int at = Encoding.UTF8.GetString(line).IndexOf(after, StringComparison.Ordinal) + after.Length;
        byte[] bytes = [.. line[..at], 0x80, .. line[at..]];
        Assert.False(SignedEvent.TryParse(bytes, out _, out var problem));
        Assert.Equal("not valid UTF-8", problem);
    }

    [Fact]
    public void TryParse_UnknownFields_ArePreservedAndStillVerify()
    {
        using var key = SigningKey.FromSeed(VectorLedger.Seed("alice"));
        // Written by a future version: an unknown top-level field and an unknown data field, in its own layout.
        var unsigned = $$"""
            { "v": 1, "stream": "{{key.Id}}", "seq": 1, "prev": null, "type": "IdentityCreated",
              "at": "2026-01-01T09:00:00.000Z", "key": "{{key.Id}}",
              "data": { "name": "Alice", "role": "creator", "avatar": { "sha256": "abc", "sizes": [16, 32] } },
              "ext": { "note": "from v1.1" } }
            """;
        using var document = JsonDocument.Parse(unsigned);
        byte[] signedBytes = [.. SignedEvent.DomainPrefix, .. CanonicalJson.Serialize(document.RootElement)];
        var sig = Base64Url.EncodeToString(key.Sign(signedBytes));
        var bytes = Encoding.UTF8.GetBytes(unsigned.TrimEnd()[..^1] + $", \"sig\": \"{sig}\" }}\n");

        Assert.True(SignedEvent.TryParse(bytes, out var e, out var problem), problem);
        Assert.Equal(bytes, e.Bytes);
        Assert.Equal(signedBytes, e.SignedBytes.ToArray());
        Assert.Equal("from v1.1", JsonDocument.Parse(e.Bytes).RootElement.GetProperty("ext").GetProperty("note").GetString());
        Assert.Equal(32, e.Data.GetProperty("avatar").GetProperty("sizes")[1].GetInt32());
        Assert.True(e.HasValidSignature());
    }

    [Fact]
    public void TryParse_SameEnvelopeReformatted_HasTheSameIdAndStillVerifies()
    {
        var original = SignedEvent.Parse(Encoding.UTF8.GetBytes(Line(1)));
        var pretty = JsonSerializer.Serialize(JsonDocument.Parse(Line(1)).RootElement, new JsonSerializerOptions { WriteIndented = true });
        var reformatted = SignedEvent.Parse(Encoding.UTF8.GetBytes(pretty));
        Assert.Equal(original.Id, reformatted.Id);
        Assert.True(reformatted.HasValidSignature());
        Assert.Equal(pretty, Encoding.UTF8.GetString(reformatted.Bytes));
    }

    [Fact]
    public void HasValidSignature_AnyOneByteOfAVectorLineChanged_IsFalseOrTheLineIsRefused()
    {
        foreach (var line in VectorLedger.Lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            for (int i = 0; i < bytes.Length; i++)
            {
                var changed = (byte[])bytes.Clone();
                changed[i] ^= 0x01;
                if (SignedEvent.TryParse(changed, out var e, out _))
                    Assert.False(e.HasValidSignature(), $"byte {i} of {line}");
            }
        }
    }

    [Fact]
    public void Sign_UnsignedEnvelope_ParsesBackWithTheSameIdAndFields()
    {
        using var key = SigningKey.Generate();
        var at = LedgerTime.Parse("2026-04-01T08:30:00.250Z");
        var prev = EventId.Parse(new string('b', 64));
        var draft = new EventDraft("Note", new JsonObject { ["text"] = "Ünïcode “quoted” \"x\" \\ \t 😀", ["n"] = 42 });
        var envelope = new UnsignedEnvelope(key.Id, 7, prev, draft, at, key.Id);

        var signed = SignedEvent.Sign(envelope, key);
        var parsed = SignedEvent.Parse(signed.Bytes);

        Assert.Equal(envelope.Id, parsed.Id);
        Assert.Equal(envelope.SignedBytes, parsed.SignedBytes.ToArray());
        Assert.Equal((key.Id, 7L, prev, "Note", at, key.Id), (parsed.Stream, parsed.Seq, parsed.Prev!.Value, parsed.Type, parsed.At, parsed.Key));
        Assert.Equal("Ünïcode “quoted” \"x\" \\ \t 😀", parsed.Data.GetProperty("text").GetString());
        Assert.True(parsed.HasValidSignature());
    }

    [Fact]
    public void Sign_WithAKeyTheEnvelopeDoesNotName_IsMisuse()
    {
        using var alice = SigningKey.Generate();
        using var bob = SigningKey.Generate();
        var envelope = new UnsignedEnvelope(alice.Id, 1, null, new IdentityCreated("Alice", "creator").ToDraft(), SomeTime, alice.Id);
        Assert.Throws<ArgumentException>(() => SignedEvent.Sign(envelope, bob));
    }

    private static readonly LedgerTime SomeTime = LedgerTime.Parse("2026-01-01T09:00:00.000Z");
}
