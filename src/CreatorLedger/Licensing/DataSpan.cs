using System.Text.Json;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>
/// The fields of an event's data read straight from its UTF-8 bytes, as <see cref="Events.DataReader"/> reads them from a
/// <see cref="JsonElement"/>. Each reader stands on a property's value. The fast readers built on these answer "cannot tell"
/// (false) for anything whose reading would need unescaping or could differ from the full reader's: the caller then
/// reads the data in full, so the two never disagree.
/// </summary>
internal static class DataSpan
{
    /// <summary>
    /// The next property of the object the reader is in, standing on its value: its index in <paramref name="names"/>
    /// (made by <see cref="Names"/>; -1 for a name not there), or false at the end of the object. <paramref name="escaped"/> is set for an escaped
    /// name or a repeated known one, neither of which the fast readers decide (the full reader unescapes, and keeps one of
    /// the repeats).
    /// </summary>
    public static bool NextProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> names, ref int seen, out int field, out bool escaped)
    {
        field = -1;
        escaped = false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName) return false;
        escaped = reader.ValueIsEscaped;
        if (!escaped) field = Find(reader.ValueSpan, names);
        reader.Read();
        if (field >= 0)
        {
            if ((seen & (1 << field)) != 0) escaped = true;
            seen |= 1 << field;
            if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped) escaped = true;
        }
        return true;
    }

    // The names one after the other, each preceded by its length: a handful of names, compared in order.
    private static int Find(ReadOnlySpan<byte> name, ReadOnlySpan<byte> names)
    {
        for (int i = 0, offset = 0; offset < names.Length; i++)
        {
            int length = names[offset];
            if (name.SequenceEqual(names.Slice(offset + 1, length))) return i;
            offset += 1 + length;
        }
        return -1;
    }

    /// <summary>The names in the form <see cref="NextProperty"/> compares.</summary>
    public static byte[] Names(params string[] names) =>
        [.. names.SelectMany(n => new[] { (byte)n.Length }.Concat(System.Text.Encoding.UTF8.GetBytes(n)))];

    public static bool IsString(in Utf8JsonReader reader) => reader.TokenType == JsonTokenType.String;

    /// <summary>As <c>Has</c>: present and not null.</summary>
    public static bool IsNull(in Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null;

    /// <summary>sha256: and 64 lowercase hex digits, as <see cref="WorkId.TryParseExact"/>.</summary>
    public static bool TryWork(in Utf8JsonReader reader, out Hash256 work)
    {
        work = default;
        return IsString(reader) && reader.ValueSpan.Length == 71 && reader.ValueSpan.StartsWith("sha256:"u8) && TryHex(reader.ValueSpan[7..], out work);
    }

    /// <summary>64 lowercase hex digits, as <see cref="EventId.TryParse"/>.</summary>
    public static bool TryEventId(in Utf8JsonReader reader, out EventId id)
    {
        id = default;
        if (!IsString(reader) || !TryHex(reader.ValueSpan, out var hash)) return false;
        id = hash.ToEventId();
        return true;
    }

    public static bool TryIdentity(in Utf8JsonReader reader, out IdentityId id)
    {
        id = default;
        return IsString(reader) && TryIdentity(reader.ValueSpan, out id);
    }

    /// <summary>
    /// As <see cref="IdentityId.TryParseUtf8"/>, remembering the last few ids this thread read: a creator's events come one
    /// after the other, each naming the creator twice (stream and key), so most lookups end here.
    /// </summary>
    public static bool TryIdentity(ReadOnlySpan<byte> utf8, out IdentityId id)
    {
        var recent = t_recent ??= new (byte[], IdentityId)[4];
        foreach (var (text, known) in recent)
            if (text is not null && utf8.SequenceEqual(text))
            {
                id = known;
                return true;
            }
        if (!IdentityId.TryParseUtf8(utf8, out id)) return false;
        recent[t_next++ & 3] = (utf8.ToArray(), id);
        return true;
    }

    [ThreadStatic] private static (byte[] Utf8, IdentityId Id)[]? t_recent;
    [ThreadStatic] private static int t_next;

    public static bool TryTime(in Utf8JsonReader reader, out LedgerTime time)
    {
        time = default;
        return IsString(reader) && LedgerTime.TryParseUtf8(reader.ValueSpan, out time);
    }

    /// <summary>As <c>Boolean</c>: true or false.</summary>
    public static bool TryBoolean(in Utf8JsonReader reader, out bool value)
    {
        value = reader.TokenType == JsonTokenType.True;
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
    }

    /// <summary>The string as the full reader would have it (escapes were sent to the full reader before this).</summary>
    public static string Text(in Utf8JsonReader reader) => System.Text.Encoding.UTF8.GetString(reader.ValueSpan);

    /// <summary>
    /// As <c>WorksOrEverything</c>: <c>"*"</c> (null), or a non-empty list of work digests; <paramref name="valid"/> is
    /// cleared otherwise. False for an escaped entry.
    /// </summary>
    public static bool WorksOrEverything(ref Utf8JsonReader reader, ref bool valid, out List<WorkId>? works)
    {
        works = null;
        if (IsString(reader) && reader.ValueSpan.SequenceEqual("*"u8)) return true;
        // Grants name a few works each: one array for the usual list.
        works = new List<WorkId>(8);
        if (reader.TokenType != JsonTokenType.StartArray) { valid = false; return true; }
        bool strings = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!IsString(reader)) { strings = false; reader.Skip(); continue; }
            if (reader.ValueIsEscaped) return false;
            if (TryWork(reader, out var work)) works.Add(work.ToWorkId());
            else valid = false;
        }
        if (!strings || works.Count == 0) valid = false;
        return true;
    }

    /// <summary>As <c>Uses</c>: a non-empty list of known uses. False for an escaped entry.</summary>
    public static bool Uses(ref Utf8JsonReader reader, ref bool valid, out List<Use> uses)
    {
        uses = [];
        if (reader.TokenType != JsonTokenType.StartArray) { valid = false; return true; }
        bool strings = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!IsString(reader)) { strings = false; reader.Skip(); continue; }
            if (reader.ValueIsEscaped) return false;
            if (TryUse(reader.ValueSpan) is { } use) uses.Add(use);
            else valid = false;
        }
        if (!strings || uses.Count == 0) valid = false;
        return true;
    }

    /// <summary>As <c>Strings</c>: a list of strings. False for an escaped entry.</summary>
    public static bool Strings(ref Utf8JsonReader reader, ref bool valid, out List<string> strings)
    {
        strings = [];
        if (reader.TokenType != JsonTokenType.StartArray) { valid = false; return true; }
        bool all = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!IsString(reader)) { all = false; reader.Skip(); continue; }
            if (reader.ValueIsEscaped) return false;
            strings.Add(Text(reader));
        }
        if (!all) { valid = false; strings = []; }
        return true;
    }

    private static Use? TryUse(ReadOnlySpan<byte> name)
    {
        foreach (var (use, utf8) in UseNames)
            if (name.SequenceEqual(utf8)) return use;
        return null;
    }

    private static readonly (Use Use, byte[] Utf8)[] UseNames = [.. Use.All.Select(u => (u, System.Text.Encoding.UTF8.GetBytes(u.Name)))];

    // Lowercase only, as envelopes carry digests and ids; the decoder is vectorized, and also takes uppercase, which is refused first.
    private static bool TryHex(ReadOnlySpan<byte> hex, out Hash256 hash)
    {
        hash = default;
        if (hex.Length != 64 || hex.ContainsAnyInRange((byte)'A', (byte)'F')) return false;
        Span<byte> raw = stackalloc byte[32];
        if (Convert.FromHexString(hex, raw, out _, out int written) != System.Buffers.OperationStatus.Done || written != 32) return false;
        hash = Hash256.FromBytes(raw);
        return true;
    }
}
