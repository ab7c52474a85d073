using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CreatorLedger.Base;

/// <summary>
/// An instant as the ledger writes it: UTC, millisecond precision, always <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.
/// </summary>
public readonly record struct LedgerTime : IComparable<LedgerTime>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private LedgerTime(long unixMilliseconds) => UnixMilliseconds = unixMilliseconds;

    public long UnixMilliseconds { get; }

    public DateTimeOffset Value => DateTimeOffset.FromUnixTimeMilliseconds(UnixMilliseconds);

    /// <summary>The instant, truncated to the millisecond (the ledger's precision).</summary>
    public static LedgerTime From(DateTimeOffset instant) => new(instant.ToUnixTimeMilliseconds());

    public static LedgerTime FromUnixMilliseconds(long milliseconds) => new(milliseconds);

    public static LedgerTime Parse(string text) =>
        TryParse(text, out var time) ? time : throw Error.Argument_NotALedgerTime(nameof(text), text);

    public static bool TryParse([NotNullWhen(true)] string? text, out LedgerTime time)
    {
        time = default;
        return text is not null && TryParseChars(text, out time);
    }

    /// <summary>Parses <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> exactly. By hand, because every stored row and envelope carries a time.</summary>
    private static bool TryParseChars(ReadOnlySpan<char> text, out LedgerTime time)
    {
        time = default;
        if (text.Length != 24 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || text[19] != '.' || text[23] != 'Z') return false;
        if (!Digits(text[..4], out var year) || !Digits(text[5..7], out var month) || !Digits(text[8..10], out var day)
            || !Digits(text[11..13], out var hour) || !Digits(text[14..16], out var minute) || !Digits(text[17..19], out var second)
            || !Digits(text[20..23], out var millisecond)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        time = From(new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero));
        return true;
    }

    /// <summary>The same, from UTF-8 (as envelopes hold it).</summary>
    public static bool TryParseUtf8(ReadOnlySpan<byte> utf8, out LedgerTime time)
    {
        time = default;
        if (utf8.Length != 24) return false;
        Span<char> text = stackalloc char[24];
        for (int i = 0; i < 24; i++)
        {
            if (utf8[i] >= 0x80) return false;
            text[i] = (char)utf8[i];
        }
        return TryParseChars(text, out time);
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    public LedgerTime AddMilliseconds(long milliseconds) => new(UnixMilliseconds + milliseconds);

    public int CompareTo(LedgerTime other) => UnixMilliseconds.CompareTo(other.UnixMilliseconds);

    public static bool operator <(LedgerTime a, LedgerTime b) => a.UnixMilliseconds < b.UnixMilliseconds;
    public static bool operator >(LedgerTime a, LedgerTime b) => a.UnixMilliseconds > b.UnixMilliseconds;
    public static bool operator <=(LedgerTime a, LedgerTime b) => a.UnixMilliseconds <= b.UnixMilliseconds;
    public static bool operator >=(LedgerTime a, LedgerTime b) => a.UnixMilliseconds >= b.UnixMilliseconds;

    public override string ToString() => Value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
