using System.Text;

namespace CreatorLedger.Tests.Licensing;

/// <summary>
/// Event data written as a small tree, so that a valid object can be bent one field at a time into what a damaged or
/// hand-made envelope could hold: a field dropped, repeated, null, of another type, escaped, given a stranger's value.
/// Rendered as raw JSON, since repeats and escapes are what a JSON library would not write.
/// </summary>
internal abstract record DataVariants
{
    public sealed record Raw(string Json) : DataVariants;

    public sealed record Obj(params (string Name, DataVariants Value)[] Fields) : DataVariants;

    public sealed record Arr(params DataVariants[] Items) : DataVariants;

    public static Raw Str(string text) => new($"\"{text}\"");

    public const string Did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    public const string Hex = "4b2e8c0f7a9d6e1b3c5a7f9e2d4c6b8a0f1e3d5c7b9a8f6e4d2c0b1a3f5e7d9c";
    public const string Hex2 = "0000000000000000000000000000000000000000000000000000000000000001";
    public const string Time = "2026-06-01T00:00:00.000Z";
    public const string Later = "2026-07-01T12:30:00.500Z";
    public static readonly string Work = "sha256:" + Hex;
    public static readonly string Work2 = "sha256:" + Hex2;

    /// <summary>Values a field may be given instead of its own: every JSON kind, and the right kinds with wrong contents.</summary>
    public static readonly string[] Pool =
    [
        "null", "5", "-1", "0", "1.5", "1e3", "9223372036854775808", "true", "false", "\"\"", "\"x\"", "\"*\"", "[]", "{}", "[\"x\"]", "[5]", "[null]",
        "{\"a\":1}", $"\"{Did}\"", $"\"{Did}x\"", "\"did:key:z6Mk\"", $"\"{Time}\"", $"\"{Later}\"", "\"2026-06-01T00:00:00Z\"", "\"2026-02-30T00:00:00.000Z\"",
        $"\"{Work}\"", $"\"{Work.ToUpperInvariant()}\"", $"\"{Hex}\"", $"\"{Hex.ToUpperInvariant()}\"", $"\"{Hex[1..]}\"", $"[\"{Work}\"]",
        $"[\"{Work}\",\"{Work}\"]", $"[\"{Work}\",5]", "[\"ai-train\"]", "[\"ai-train\",\"nope\"]", "\"ai-train\"", "[\"DE\"]", "[\"de\"]", "[\"DEU\"]",
        "\"0\"", "\"100\"", "\"100.5\"", "\"101\"", "\"012\"", "\"EUR\"", "\"eur\"", "\"run\"", "\"week\"",
        "{\"amount\":\"1\",\"currency\":\"EUR\",\"per\":\"run\"}", "{\"attribution\":true}",
    ];

    public string Render()
    {
        var text = new StringBuilder();
        Render(text);
        return text.ToString();
    }

    private void Render(StringBuilder text)
    {
        switch (this)
        {
            case Raw raw: text.Append(raw.Json); break;
            case Obj obj:
                text.Append('{');
                for (int i = 0; i < obj.Fields.Length; i++)
                {
                    if (i > 0) text.Append(',');
                    text.Append('"').Append(obj.Fields[i].Name).Append("\":");
                    obj.Fields[i].Value.Render(text);
                }
                text.Append('}');
                break;
            case Arr arr:
                text.Append('[');
                for (int i = 0; i < arr.Items.Length; i++)
                {
                    if (i > 0) text.Append(',');
                    arr.Items[i].Render(text);
                }
                text.Append(']');
                break;
        }
    }

    /// <summary>Every variant one change away from this value, nested objects and lists included.</summary>
    public IEnumerable<DataVariants> Mutations()
    {
        switch (this)
        {
            case Raw raw:
                foreach (var value in Pool)
                    if (value != raw.Json) yield return new Raw(value);
                // The same string with its first character escaped: equal once unescaped.
                if (raw.Json.Length > 2 && raw.Json[0] == '"')
                    yield return new Raw($"\"\\u{(int)raw.Json[1]:x4}{raw.Json[2..]}");
                break;
            case Obj obj:
                for (int i = 0; i < obj.Fields.Length; i++)
                {
                    var (name, value) = obj.Fields[i];
                    yield return new Obj([.. obj.Fields.Where((_, j) => j != i)]);
                    foreach (var changed in value.Mutations()) yield return new Obj([.. obj.Fields.Select((f, j) => j == i ? (name, changed) : f)]);
                    yield return new Obj([.. obj.Fields, (name, value)]);
                    yield return new Obj([.. obj.Fields, (name, new Raw("null"))]);
                    yield return new Obj([(name, new Raw("5")), .. obj.Fields]);
                    yield return new Obj([.. obj.Fields.Select((f, j) => j == i ? ($"\\u{(int)name[0]:x4}{name[1..]}", value) : f)]);
                }
                yield return new Obj([.. obj.Fields, ("extra", new Raw("{\"works\":[1],\"work\":\"\\u0041\"}"))]);
                yield return new Obj([("extra", Str("\\n")), .. obj.Fields]);
                yield return new Obj();
                break;
            case Arr arr:
                yield return new Arr();
                if (arr.Items.Length == 0) break;
                yield return new Arr([.. arr.Items.Skip(1)]);
                yield return new Arr([.. arr.Items, arr.Items[0]]);
                yield return new Arr([.. arr.Items, new Raw("null")]);
                foreach (var changed in arr.Items[0].Mutations()) yield return new Arr([changed, .. arr.Items.Skip(1)]);
                break;
        }
    }
}
