using System.Text;
using CreatorLedger.Ledger;
using Xunit;

namespace CreatorLedger.Tests.Ledger;

public sealed class JsonLinesTests
{
    private static (long Line, string Text)[] Read(byte[] bytes) =>
        JsonLines.Read(new MemoryStream(bytes)).Select(l => (l.Line, Encoding.UTF8.GetString(l.Bytes))).ToArray();

    [Fact]
    public void Read_KeepsLineNumbersOfTheFile_SkippingBlankLines()
    {
        var lines = Read(Encoding.UTF8.GetBytes("{\"a\":1}\n\n{\"b\":2}\n"));
        Assert.Equal([(1L, "{\"a\":1}"), (3L, "{\"b\":2}")], lines);
    }

    [Fact]
    public void Read_DropsABomAndCarriageReturns_AndTakesALastLineWithoutNewline()
    {
        var lines = Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"a\":1}\r\n{\"b\":\"é\"}")]);
        Assert.Equal([(1L, "{\"a\":1}"), (2L, "{\"b\":\"é\"}")], lines);
    }

    [Fact]
    public void Read_EmptyFile_HasNoLines() => Assert.Empty(Read([]));

    [Theory]
    [InlineData("", 0)]
    [InlineData("{}", 1)]
    [InlineData("{}\n", 1)]
    [InlineData("{}\r\n\n{}", 3)]
    [InlineData("\n\n", 2)]
    public void Count_IsEveryLineReadCouldGive_AtLeastAsManyAsItGives(string text, long count)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(count, JsonLines.Count(new MemoryStream(bytes)));
        Assert.True(Read(bytes).Length <= count);
    }

    [Fact]
    public void Count_AcrossBlocks_CountsEachLineOnce()
    {
        // 70,000 lines of 2 bytes: blocks of 64 KiB end mid-line and right after an LF.
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("x\n", 70_000)) + "y");
        Assert.Equal(70_001, JsonLines.Count(new MemoryStream(bytes)));
        Assert.Equal(70_001, Read(bytes).Length);
    }

    [Fact]
    public void Read_LinesAcrossEveryBlockBoundary_AndLongerThanABlock_AreWhole()
    {
        // Lines of every length around the 64 KiB the file is read by, one of 200 KiB, CRs at the ends of blocks.
        var expected = new List<(long, string)>();
        var file = new StringBuilder();
        long number = 0;
        foreach (int length in new[] { 65_530, 1, 2, 65_535, 65_536, 204_800, 3, 0, 10 })
        {
            number++;
            var text = new string((char)('a' + number), length);
            file.Append(text).Append(number % 2 == 0 ? "\r\n" : "\n");
            if (length > 0) expected.Add((number, text));
        }
        Assert.Equal(expected, Read(Encoding.UTF8.GetBytes(file.ToString())));
    }

    [Fact]
    public void Read_AStreamThatReturnsAByteAtATime_GivesTheSameLines()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"a\":1}\r\n\n{\"b\":2}\n{\"c\":3}");
        var lines = JsonLines.Read(new Trickle(bytes)).Select(l => (l.Line, Encoding.UTF8.GetString(l.Bytes))).ToArray();
        Assert.Equal([(1L, "{\"a\":1}"), (3L, "{\"b\":2}"), (4L, "{\"c\":3}")], lines);
    }

    // A pipe or a network stream: each read returns whatever has arrived, here one byte.
    private sealed class Trickle(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }
}
