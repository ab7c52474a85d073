using Xunit;

namespace CreatorLedger.Tests.Base;

/// <summary>The one half-open window every grant, mandate and consent check uses (STYLE: Noda Time's Interval).</summary>
public sealed class WindowTests
{
    private static readonly LedgerTime Start = LedgerTime.Parse("2026-06-01T00:00:00.000Z");
    private static readonly LedgerTime End = LedgerTime.Parse("2026-07-01T00:00:00.000Z");

    [Fact]
    public void Contains_IncludesItsStart_ExcludesItsEnd_ToTheMillisecond()
    {
        var window = new Window(Start, End);
        Assert.False(window.Contains(Start.AddMilliseconds(-1)));
        Assert.True(window.Contains(Start));
        Assert.True(window.Contains(End.AddMilliseconds(-1)));
        Assert.False(window.Contains(End));
        Assert.True(window.IsAhead(Start.AddMilliseconds(-1)));
        Assert.False(window.IsAhead(Start));
        Assert.False(window.HasEnded(End.AddMilliseconds(-1)));
        Assert.True(window.HasEnded(End));
    }

    [Fact]
    public void OpenEnd_NeverEnds()
    {
        var window = new Window(Start);
        Assert.True(window.Contains(LedgerTime.Parse("9999-12-31T23:59:59.999Z")));
        Assert.False(window.HasEnded(LedgerTime.Parse("9999-12-31T23:59:59.999Z")));
        Assert.Null(window.End);
    }

    [Fact]
    public void Constructor_RefusesAnEmptyWindow()
    {
        var equal = Assert.Throws<ArgumentException>(() => new Window(Start, Start));
        Assert.Contains("empty", equal.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Window(Start, Start.AddMilliseconds(-1)));
        Assert.False(Window.TryCreate(Start, Start, out var none));
        Assert.Null(none);
        Assert.True(Window.TryCreate(Start, Start.AddMilliseconds(1), out var one));
        Assert.True(one!.Value.Contains(Start));
        Assert.False(one.Value.Contains(Start.AddMilliseconds(1)));
    }
}
