using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CreatorLedger.Events;

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
        if (text is null || text.Length != 24) return false;
        if (!DateTimeOffset.TryParseExact(text, Format, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)) return false;
        time = From(parsed);
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
