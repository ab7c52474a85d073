using CreatorLedger.Datasets.Screening;
using Xunit;

namespace CreatorLedger.Tests.Datasets.Screening;

/// <summary>The hash value: the reference's hex form, bit numbering and distance.</summary>
public sealed class PdqHashTests
{
    private const string AHash = "948122d6756980763d21c2be1f19d96e46c93d36c8c9671699b95cc9f7362ae9";

    [Fact]
    public void Parse_ThenToString_GivesTheSameHex()
    {
        Assert.Equal(AHash, PdqHash.Parse(AHash).ToString());
    }

    [Fact]
    public void Parse_Uppercase_IsAcceptedAndPrintedLowercase()
    {
        Assert.Equal(AHash, PdqHash.Parse(AHash.ToUpperInvariant()).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("948122d6756980763d21c2be1f19d96e46c93d36c8c9671699b95cc9f7362ae")]
    [InlineData("948122d6756980763d21c2be1f19d96e46c93d36c8c9671699b95cc9f7362ae90")]
    [InlineData("948122d6756980763d21c2be1f19d96e46c93d36c8c9671699b95cc9f7362aeg")]
    [InlineData("+48122d6756980763d21c2be1f19d96e46c93d36c8c9671699b95cc9f7362ae9")]
    [InlineData(" 48122d6756980763d21c2be1f19d96e46c93d36c8c9671699b95cc9f7362ae9")]
    public void TryParse_NotSixtyFourHexDigits_IsRefused(string text)
    {
        Assert.False(PdqHash.TryParse(text, out _));
        var e = Assert.Throws<ArgumentException>(() => PdqHash.Parse(text));
        Assert.Contains("not a PDQ hash", e.Message);
    }

    [Fact]
    public void Bits_AreNumberedAsTheReferencePrintsThem_LastWordFirst()
    {
        // Bit 0 is the lowest bit of word 0, which the reference prints last; bit 255 is the top of word 15, printed first.
        var low = PdqHash.Parse(new string('0', 63) + "1");
        var high = PdqHash.Parse("8" + new string('0', 63));
        var bit17 = PdqHash.Parse(new string('0', 56) + "00020000");

        Assert.True(low[0]);
        Assert.Equal(1, low.DistanceTo(PdqHash.Zero));
        Assert.True(high[255]);
        Assert.True(bit17[17]);
        Assert.Equal(1, bit17.DistanceTo(PdqHash.Zero));
    }

    [Fact]
    public void DistanceTo_CountsDifferingBits()
    {
        var a = PdqHash.Parse(AHash);
        var allOnes = PdqHash.Parse(new string('f', 64));

        Assert.Equal(0, a.DistanceTo(a));
        Assert.Equal(256, PdqHash.Zero.DistanceTo(allOnes));
        Assert.Equal(Enumerable.Range(0, 256).Count(k => a[k]), a.DistanceTo(PdqHash.Zero));
        Assert.Equal(256 - a.DistanceTo(PdqHash.Zero), PdqHash.Distance(a, allOnes));
        // The listed pair a-base / a-bright10 is 6 bits apart in the vectors.
        Assert.Equal(6, a.DistanceTo(PdqHash.Parse("148122d6746980763d21c2be1f19d96e46cd3d36c8c9671699b95ccff3362ae9")));
    }

    [Fact]
    public void Equality_IsByValue()
    {
        Assert.Equal(PdqHash.Parse(AHash), PdqHash.Parse(AHash.ToUpperInvariant()));
        Assert.NotEqual(PdqHash.Parse(AHash), PdqHash.Zero);
        Assert.True(PdqHash.Zero.IsZero);
        Assert.True(default(PdqHash).IsZero);
    }

    [Theory]
    [InlineData(31, true)]
    [InlineData(32, false)]
    public void IsMatch_At31Bits_IsAMatch_At32_IsNot(int bits, bool match)
    {
        var apart = PdqHash.Parse(new string('0', 64 - (bits + 3) / 4) + (bits % 4 == 0 ? "" : ((1 << (bits % 4)) - 1).ToString("x")) + new string('f', bits / 4));

        Assert.Equal(bits, apart.DistanceTo(PdqHash.Zero));
        Assert.Equal(match, PdqMatch.IsMatch(PdqHash.Zero, apart));
    }

    [Theory]
    [InlineData(49, false)]
    [InlineData(50, true)]
    public void IsTrusted_BelowQuality50_IsNot(int quality, bool trusted)
    {
        Assert.Equal(trusted, new PdqResult(PdqHash.Zero, quality).IsTrusted);
    }
}
