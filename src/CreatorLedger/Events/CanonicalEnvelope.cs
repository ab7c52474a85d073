using System.Buffers;
using System.Text.Unicode;

namespace CreatorLedger.Events;

/// <summary>
/// Reads an envelope that is already in the form it was signed in — every member but <c>sig</c> in RFC 8785 form and
/// order, <c>sig</c> anywhere among them — in one pass without a DOM, and finds the signed bytes by cutting <c>sig</c>
/// out. That is how envelopes are written here, so it is how nearly every stored row, mirror and import reads; checking
/// a ledger was spending a fifth of its time building a document per event and writing it out again to recompute them.
/// It only accepts or declines, never refuses: anything it is not sure of (whitespace, an escape, a non-ASCII property
/// name, an integer of more than 15 digits, deep nesting, a field of another kind than expected) is declined and left
/// to <see cref="SignedEvent"/>'s full parse, which gives the answer and the reason.
/// </summary>
internal static class CanonicalEnvelope
{
    // Below the full parse's depth limit (32), so nesting never decides between the two.
    private const int MaxDepth = 16;

    // Fewer digits than 2^53-1 has, so an integer's digits are its RFC 8785 form and it reads exactly.
    private const int MaxDigits = 15;

    /// <summary>Where an accepted envelope's fields lie in its bytes.</summary>
    internal struct Fields
    {
        public Range Stream, Key, At, Type, Data, Signature;

        /// <summary>Null when <c>prev</c> is JSON null.</summary>
        public Range? Prev;

        public long Seq;

        /// <summary>The bytes to leave out to get what was signed: the <c>sig</c> member and one comma beside it.</summary>
        public Range Cut;
    }

    [Flags]
    private enum Seen { V = 1, Stream = 2, Seq = 4, Prev = 8, Type = 16, At = 32, Key = 64, Data = 128, Sig = 256, All = 511 }

    /// <summary>True when <paramref name="bytes"/> is an envelope in signed form with every field of the expected kind.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out Fields fields)
    {
        fields = default;
        if (bytes.Length < 2 || bytes[0] != '{' || bytes[^1] != '}' || !Utf8.IsValid(bytes)) return false;
        int pos = 1;
        var seen = (Seen)0;
        ReadOnlySpan<byte> previous = default;
        bool ordered = false;
        while (true)
        {
            int member = pos;
            if (!TryName(bytes, ref pos, out var name) || pos >= bytes.Length || bytes[pos] != ':') return false;
            int value = ++pos;
            if (pos >= bytes.Length) return false;
            if (name.SequenceEqual("sig"u8))
            {
                if (seen.HasFlag(Seen.Sig) || bytes[pos] != '"' || !TryString(bytes, ref pos)) return false;
                fields.Signature = new(value + 1, pos - 1);
                // The comma before it, or after it when it comes first.
                fields.Cut = member == 1 ? new(member, pos + 1) : new(member - 1, pos);
                seen |= Seen.Sig;
            }
            else
            {
                if (ordered && name.SequenceCompareTo(previous) <= 0) return false;
                previous = name;
                ordered = true;
                byte kind = bytes[pos];
                if (!TryValue(bytes, ref pos, 1)) return false;
                var range = new Range(value, pos);
                var inner = new Range(value + 1, pos - 1);
                switch (name)
                {
                    case var n when n.SequenceEqual("v"u8):
                        if (!bytes[range].SequenceEqual("1"u8)) return false;
                        seen |= Seen.V;
                        break;
                    case var n when n.SequenceEqual("stream"u8):
                        if (kind != '"') return false;
                        fields.Stream = inner;
                        seen |= Seen.Stream;
                        break;
                    case var n when n.SequenceEqual("seq"u8):
                        if (!TryInteger(bytes[range], out fields.Seq)) return false;
                        seen |= Seen.Seq;
                        break;
                    case var n when n.SequenceEqual("prev"u8):
                        if (kind == '"') fields.Prev = inner;
                        else if (kind != 'n') return false;
                        seen |= Seen.Prev;
                        break;
                    case var n when n.SequenceEqual("type"u8):
                        if (kind != '"') return false;
                        fields.Type = inner;
                        seen |= Seen.Type;
                        break;
                    case var n when n.SequenceEqual("at"u8):
                        if (kind != '"') return false;
                        fields.At = inner;
                        seen |= Seen.At;
                        break;
                    case var n when n.SequenceEqual("key"u8):
                        if (kind != '"') return false;
                        fields.Key = inner;
                        seen |= Seen.Key;
                        break;
                    case var n when n.SequenceEqual("data"u8):
                        if (kind != '{') return false;
                        fields.Data = range;
                        seen |= Seen.Data;
                        break;
                }
            }
            if (pos >= bytes.Length) return false;
            if (bytes[pos] == ',') { pos++; continue; }
            return bytes[pos] == '}' && pos == bytes.Length - 1 && seen == Seen.All;
        }
    }

    // A property name: printable ASCII without escapes, so its bytes sort as its UTF-16 code units do.
    private static bool TryName(ReadOnlySpan<byte> bytes, scoped ref int pos, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (pos >= bytes.Length || bytes[pos] != '"') return false;
        int start = ++pos;
        while (pos < bytes.Length && bytes[pos] != '"')
        {
            if (bytes[pos] is < 0x20 or >= 0x7f or (byte)'\\') return false;
            pos++;
        }
        if (pos >= bytes.Length) return false;
        name = bytes[start..pos++];
        return true;
    }

    // What ends a string, or makes it one RFC 8785 would write otherwise: a quote, a backslash, a control character.
    private static readonly SearchValues<byte> StringStop = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    // A string with nothing to escape: RFC 8785 writes such a string as its UTF-8 (already checked valid) in quotes.
    private static bool TryString(ReadOnlySpan<byte> bytes, ref int pos)
    {
        int end = bytes[(pos + 1)..].IndexOfAny(StringStop);
        if (end < 0 || bytes[pos + 1 + end] != '"') return false;
        pos += end + 2;
        return true;
    }

    private static bool TryValue(ReadOnlySpan<byte> bytes, ref int pos, int depth)
    {
        switch (bytes[pos])
        {
            case (byte)'"':
                return TryString(bytes, ref pos);
            case (byte)'{':
                return depth < MaxDepth && TryObject(bytes, ref pos, depth + 1);
            case (byte)'[':
                return depth < MaxDepth && TryArray(bytes, ref pos, depth + 1);
            case (byte)'t':
                return TryLiteral(bytes, ref pos, "true"u8);
            case (byte)'f':
                return TryLiteral(bytes, ref pos, "false"u8);
            case (byte)'n':
                return TryLiteral(bytes, ref pos, "null"u8);
            default:
                int start = pos;
                if (bytes[pos] == '-') pos++;
                while (pos < bytes.Length && bytes[pos] is >= (byte)'0' and <= (byte)'9') pos++;
                return TryInteger(bytes[start..pos], out _);
        }
    }

    private static bool TryObject(ReadOnlySpan<byte> bytes, ref int pos, int depth)
    {
        pos++;
        if (pos < bytes.Length && bytes[pos] == '}') { pos++; return true; }
        ReadOnlySpan<byte> previous = default;
        for (bool first = true; ; first = false)
        {
            if (!TryName(bytes, ref pos, out var name) || (!first && name.SequenceCompareTo(previous) <= 0)) return false;
            previous = name;
            if (pos >= bytes.Length - 1 || bytes[pos++] != ':' || !TryValue(bytes, ref pos, depth) || pos >= bytes.Length) return false;
            if (bytes[pos] == '}') { pos++; return true; }
            if (bytes[pos++] != ',') return false;
        }
    }

    private static bool TryArray(ReadOnlySpan<byte> bytes, ref int pos, int depth)
    {
        pos++;
        if (pos < bytes.Length && bytes[pos] == ']') { pos++; return true; }
        while (true)
        {
            if (pos >= bytes.Length || !TryValue(bytes, ref pos, depth) || pos >= bytes.Length) return false;
            if (bytes[pos] == ']') { pos++; return true; }
            if (bytes[pos++] != ',') return false;
        }
    }

    private static bool TryLiteral(ReadOnlySpan<byte> bytes, ref int pos, ReadOnlySpan<byte> literal)
    {
        if (!bytes[pos..].StartsWith(literal)) return false;
        pos += literal.Length;
        return true;
    }

    // -?(0|[1-9][0-9]*) with at most 15 digits, and not -0: the integers whose text is their canonical form.
    private static bool TryInteger(ReadOnlySpan<byte> text, out long number)
    {
        number = 0;
        var digits = text.Length > 0 && text[0] == '-' ? text[1..] : text;
        if (digits.Length is 0 or > MaxDigits || (digits[0] == '0' && (digits.Length > 1 || digits.Length < text.Length))) return false;
        foreach (var d in digits)
        {
            if (d is < (byte)'0' or > (byte)'9') return false;
            number = number * 10 + (d - '0');
        }
        if (digits.Length < text.Length) number = -number;
        return true;
    }
}
