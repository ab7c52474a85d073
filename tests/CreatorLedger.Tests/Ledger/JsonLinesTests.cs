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
}
