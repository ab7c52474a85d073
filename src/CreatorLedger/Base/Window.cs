using System.Diagnostics.CodeAnalysis;

namespace CreatorLedger.Base;

/// <summary>
/// A half-open validity window: from <see cref="Start"/> (included) to <see cref="End"/> (excluded), or without end. Never
/// empty, as Noda Time's <c>Interval</c> refuses an end before its start: the constructor refuses an end at or before the
/// start, so every grant, mandate and consent check that holds a window holds one that some instant is in.
/// </summary>
public readonly record struct Window
{
    public Window(LedgerTime start, LedgerTime? end = null)
    {
        if (end is { } e && e <= start) throw Error.Argument_EmptyWindow(nameof(end), start, e);
        Start = start;
        End = end;
    }

    public LedgerTime Start { get; }

    /// <summary>The first instant no longer in the window; null for a window that never ends.</summary>
    public LedgerTime? End { get; }

    /// <summary>Whether <paramref name="at"/> is in the window: <c>Start &lt;= at &lt; End</c>.</summary>
    public bool Contains(LedgerTime at) => Start <= at && !HasEnded(at);

    /// <summary>Whether the window has not begun at <paramref name="at"/>.</summary>
    public bool IsAhead(LedgerTime at) => at < Start;

    /// <summary>Whether the window is over at <paramref name="at"/> (<c>at &gt;= End</c>).</summary>
    public bool HasEnded(LedgerTime at) => End is { } end && at >= end;

    /// <summary>The window from <paramref name="start"/> to <paramref name="end"/>, unless it would be empty.</summary>
    public static bool TryCreate(LedgerTime start, LedgerTime? end, [NotNullWhen(true)] out Window? window)
    {
        window = end is { } e && e <= start ? null : new Window(start, end);
        return window is not null;
    }

    public override string ToString() => End is { } end ? $"[{Start}, {end})" : $"[{Start}, …)";
}
