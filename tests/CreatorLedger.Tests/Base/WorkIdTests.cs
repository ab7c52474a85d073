using Xunit;

namespace CreatorLedger.Tests.Base;

/// <summary>How a work digest is read from what users paste and datasets hold: prefixed or bare, any case, nothing else.</summary>
public sealed class WorkIdTests
{
    private const string Hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Theory]
    [InlineData("sha256:" + Hex)]
    [InlineData(Hex)]
    [InlineData("SHA256:9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")]
    [InlineData("sha256:9f86D081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    public void TryParse_PrefixedOrBare_AnyCase_GivesTheNormalForm(string text)
    {
        Assert.True(WorkId.TryParse(text, out var work));
        Assert.Equal("sha256:" + Hex, work.Value);
        Assert.True(WorkId.TryParse(text.AsSpan(), out var fromSpan));
        Assert.Equal(work, fromSpan);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256:")]
    [InlineData(Hex + "0")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0g")]
    [InlineData(" 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0")]
    [InlineData("md5:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("sha256:sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c")]
    public void TryParse_AnythingElse_IsRefused(string text)
    {
        Assert.False(WorkId.TryParse(text, out var work));
        Assert.Equal(default, work);
        Assert.False(WorkId.TryParse(text.AsSpan(), out _));
    }

    [Fact]
    public void TryParseExact_TakesOnlyThePrefixedLowercaseForm()
    {
        Assert.True(WorkId.TryParseExact("sha256:" + Hex, out _));
        Assert.False(WorkId.TryParseExact(Hex, out _));
        Assert.False(WorkId.TryParseExact("sha256:" + Hex.ToUpperInvariant(), out _));
    }
}
