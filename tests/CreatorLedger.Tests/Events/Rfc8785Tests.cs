using System.Text;
using System.Text.Json;
using CreatorLedger.Events;
using Xunit;

namespace CreatorLedger.Tests.Events;

/// <summary>
/// RFC 8785 (JCS) for the values an envelope may hold. What is signed is the canonical form, so two
/// implementations that disagree on one byte here disagree on every signature and id.
/// </summary>
public sealed class Rfc8785Tests
{
    private static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Encoding.UTF8.GetString(CanonicalJson.Serialize(document.RootElement));
    }

    private static byte[] CanonicalBytes(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CanonicalJson.Serialize(document.RootElement);
    }

    [Fact]
    public void Serialize_Rfc8785SortingExample_SortsByUtf16CodeUnits()
    {
        // RFC 8785 §3.2.3. The emoji (U+1F600, surrogates D83D DE00) sorts before U+FB33 by code unit,
        // though after it by code point.
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;
        const string expected =
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
            + "\"\u20ac\":\"Euro Sign\",\"\U0001F600\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
        Assert.Equal(expected, Canonical(input));
    }

    [Fact]
    public void Serialize_UpperAndLowerCaseKeys_SortsUppercaseFirst()
    {
        Assert.Equal("""{"B":1,"a":2,"b":3,"ba":4}""", Canonical("""{"ba":4,"b":3,"a":2,"B":1}"""));
    }

    [Fact]
    public void Serialize_ControlCharacters_AreEscapedAsLowercaseUnicodeExceptTheFiveShortForms()
    {
        Assert.Equal("\"\\u0000\\u0001\\u000b\\u000e\\u001f\"", Canonical("\"\\u0000\\u0001\\u000B\\u000E\\u001F\""));
        Assert.Equal("\"\\b\\t\\n\\f\\r\"", Canonical("\"\\u0008\\u0009\\u000a\\u000c\\u000d\""));
    }

    [Fact]
    public void Serialize_QuoteAndBackslash_AreEscaped()
    {
        Assert.Equal("\"a\\\"b\\\\c\"", Canonical("\"a\\u0022b\\u005cc\""));
    }

    [Fact]
    public void Serialize_SlashNonAsciiAndDel_AreWrittenLiterallyInUtf8()
    {
        // RFC 8785 §3.2.2.2: only '"', '\\' and U+0000..U+001F are escaped.
        var bytes = CanonicalBytes("\"\\/ \\u00e9 \\u20ac \\ud83d\\ude00 \\u007f\"");
        Assert.Equal(Encoding.UTF8.GetBytes("\"/ é € 😀 \u007f\""), bytes);
        Assert.Equal("22 2F 20 C3 A9 20 E2 82 AC 20 F0 9F 98 80 20 7F 22",
            BitConverter.ToString(bytes).Replace('-', ' '));
    }

    [Fact]
    public void Serialize_Whitespace_IsRemovedEverywhereButInsideStrings()
    {
        Assert.Equal("""{"a":[1,2,{"b":" x y "}],"c":null}""",
            Canonical(" {\n\t\"c\" : null ,\r\n \"a\" : [ 1 , 2 , { \"b\" : \" x y \" } ] } "));
    }

    [Fact]
    public void Serialize_NestedObjects_AreSortedAtEveryLevelAndArraysKeepTheirOrder()
    {
        Assert.Equal("""{"a":{"c":null,"d":true},"b":[{"a":2,"z":1},"z","a",[false]]}""",
            Canonical("""{"b":[{"z":1,"a":2},"z","a",[false]],"a":{"d":true,"c":null}}"""));
    }

    [Fact]
    public void Serialize_EmptyContainers_StayEmpty()
    {
        Assert.Equal("""{"a":{},"b":[]}""", Canonical("""{ "b" : [ ], "a" : { } }"""));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("7")]
    [InlineData("1234567890")]
    [InlineData("9007199254740991")]
    [InlineData("-9007199254740991")]
    public void Serialize_SafeInteger_IsWrittenUnchanged(string integer)
    {
        Assert.Equal(integer, Canonical(integer));
        Assert.Equal($"{{\"n\":[{integer}]}}", Canonical($"{{ \"n\": [ {integer} ] }}"));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("1E3")]
    [InlineData("1.0")]
    [InlineData("-0")]
    [InlineData("0.0")]
    [InlineData("9007199254740992")]
    [InlineData("-9007199254740992")]
    [InlineData("18446744073709551616")]
    public void Serialize_NumberJcsWouldReformat_IsRefused(string number)
    {
        // Envelopes carry integers only; amounts are decimal strings.
        Assert.Throws<FormatException>(() => Canonical(number));
        Assert.Throws<FormatException>(() => Canonical($"{{\"data\":{{\"amount\":{number}}}}}"));
    }

    [Fact]
    public void Serialize_DuplicateKey_IsRefused()
    {
        Assert.Throws<FormatException>(() => Canonical("""{"a":1,"a":1}"""));
        Assert.Throws<FormatException>(() => Canonical("""{"x":{"b":"1","a":"2","b":"3"}}"""));
    }

    [Fact]
    public void Serialize_EquivalentEscapes_GiveTheSameBytes()
    {
        Assert.Equal(CanonicalBytes("""{"\u00e9":"\u0041"}"""), CanonicalBytes("{\"é\":\"A\"}"));
    }

    [Fact]
    public void Serialize_Omit_LeavesOutOnlyTheTopLevelProperty()
    {
        using var document = JsonDocument.Parse("""{"sig":"x","a":{"sig":"kept"}}""");
        Assert.Equal("""{"a":{"sig":"kept"}}""", Encoding.UTF8.GetString(CanonicalJson.Serialize(document.RootElement, "sig")));
    }
}
