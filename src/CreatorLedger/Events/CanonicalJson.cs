using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace CreatorLedger.Events;

/// <summary>
/// RFC 8785 (JCS) canonical form, for the values an envelope may hold: objects, arrays, strings,
/// integers, booleans and null. Properties sorted by UTF-16 code units, no whitespace, strings
/// escaped minimally. Anything JCS would need to re-format (a fraction, an exponent, -0, an integer
/// beyond ±2^53-1) is refused, as are duplicate property names: what is signed is then exactly what was written.
/// </summary>
public static class CanonicalJson
{
    private const long MaxSafeInteger = 9007199254740991;

    /// <summary>Canonical bytes of <paramref name="value"/>, leaving out the top-level properties named in <paramref name="omit"/>.</summary>
    public static byte[] Serialize(JsonElement value, string? omit = null)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        if (!TryWrite(value, buffer, omit, out var problem)) throw new FormatException(problem);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the canonical form; returns false with the reason when the value is not canonicalizable.</summary>
    public static bool TryWrite(JsonElement value, IBufferWriter<byte> output, string? omit, out string? problem)
    {
        problem = null;
        try
        {
            Write(value, output, omit, "$");
            return true;
        }
        catch (CanonicalizationException e)
        {
            problem = e.Message;
            return false;
        }
    }

    private static void Write(JsonElement value, IBufferWriter<byte> output, string? omit, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(value, output, omit, path);
                break;
            case JsonValueKind.Array:
                Append(output, "["u8);
                int index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (index > 0) Append(output, ","u8);
                    Write(item, output, null, path);
                    index++;
                }
                Append(output, "]"u8);
                break;
            case JsonValueKind.String:
                WriteString(GetString(value, path), output);
                break;
            case JsonValueKind.Number:
                WriteInteger(value, output, path);
                break;
            case JsonValueKind.True:
                Append(output, "true"u8);
                break;
            case JsonValueKind.False:
                Append(output, "false"u8);
                break;
            case JsonValueKind.Null:
                Append(output, "null"u8);
                break;
            default:
                throw new CanonicalizationException($"{path}: unsupported JSON value");
        }
    }

    private static void WriteObject(JsonElement value, IBufferWriter<byte> output, string? omit, string path)
    {
        var properties = new List<(string Name, JsonElement Value)>();
        foreach (var property in value.EnumerateObject())
        {
            string name;
            try { name = property.Name; }
            catch (InvalidOperationException) { throw new CanonicalizationException($"a property name in \"{path}\" is not valid Unicode"); }
            properties.Add((name, property.Value));
        }
        properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        Append(output, "{"u8);
        bool first = true;
        for (int i = 0; i < properties.Count; i++)
        {
            var (name, item) = properties[i];
            if (i > 0 && string.Equals(properties[i - 1].Name, name, StringComparison.Ordinal))
                throw new CanonicalizationException($"duplicate property \"{name}\"");
            if (omit is not null && string.Equals(name, omit, StringComparison.Ordinal)) continue;
            if (!first) Append(output, ","u8);
            first = false;
            WriteString(name, output);
            Append(output, ":"u8);
            Write(item, output, null, name);
        }
        Append(output, "}"u8);
    }

    private static string GetString(JsonElement value, string path)
    {
        try { return value.GetString()!; }
        catch (InvalidOperationException) { throw new CanonicalizationException($"\"{path}\": a string is not valid Unicode"); }
    }

    private static void WriteInteger(JsonElement value, IBufferWriter<byte> output, string path)
    {
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
        int start = raw.Length > 0 && raw[0] == (byte)'-' ? 1 : 0;
        bool digitsOnly = raw.Length > start && raw[start..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
        if (!digitsOnly || (raw.Length - start > 1 && raw[start] == (byte)'0') || raw.SequenceEqual("-0"u8))
            throw new CanonicalizationException($"\"{path}\": {Encoding.UTF8.GetString(raw)} is not an integer (envelopes carry integers only; amounts are decimal strings)");
        if (!value.TryGetInt64(out var number) || number > MaxSafeInteger || number < -MaxSafeInteger)
            throw new CanonicalizationException($"\"{path}\": {Encoding.UTF8.GetString(raw)} is outside the exactly representable integers (±2^53-1)");
        // Digits without a leading zero are already their canonical form.
        Append(output, raw);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void WriteString(string text, IBufferWriter<byte> output)
    {
        if (!NeedsEscaping(text))
        {
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length) + 2);
            span[0] = (byte)'"';
            int length = Encoding.UTF8.GetBytes(text, span[1..]);
            span[length + 1] = (byte)'"';
            output.Advance(length + 2);
            return;
        }
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('"');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20) builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { builder.Append(c).Append(text[++i]); }
                    else if (char.IsSurrogate(c)) throw new CanonicalizationException("a string holds a lone surrogate");
                    else builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
        Append(output, Encoding.UTF8.GetBytes(builder.ToString()));
    }

    /// <summary>
    /// The length in bytes of <paramref name="text"/> as <see cref="WriteString"/> writes it, quotes included, counted
    /// without writing it: a registration sizes every work it lists. Null when the text holds a lone surrogate, which
    /// has no canonical form.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int? StringSize(string text)
    {
        int size = 2;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80) size += c switch
            {
                '"' or '\\' or '\b' or '\f' or '\n' or '\r' or '\t' => 2,
                < (char)0x20 => 6, // \u00XX
                _ => 1,
            };
            else if (c < 0x800) size += 2;
            else if (!char.IsSurrogate(c)) size += 3;
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { size += 4; i++; }
            else return null;
        }
        return size;
    }

    /// <summary>
    /// The length in bytes of <paramref name="number"/> as an envelope's integer is written (a minus sign and digits), or
    /// null beyond ±2^53-1, which envelopes refuse.
    /// </summary>
    internal static int? IntegerSize(long number)
    {
        if (number is > MaxSafeInteger or < -MaxSafeInteger) return null;
        int size = number < 0 ? 2 : 1;
        for (long rest = Math.Abs(number); rest >= 10; rest /= 10) size++;
        return size;
    }

    private static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
            if (c < 0x20 || c == '"' || c == '\\' || char.IsSurrogate(c)) return true;
        return false;
    }

    private static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private sealed class CanonicalizationException(string message) : Exception(message);
}
