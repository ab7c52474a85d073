using CreatorLedger.Datasets;
using Xunit;

namespace CreatorLedger.Tests.Datasets;

/// <summary>The list a check's samples are held in, in arrays kept off the large object heap: it must still be a plain list.</summary>
public sealed class SegmentedListTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(5000)]
    public void Add_KeepsEveryItemInOrder_AcrossSegments(int count)
    {
        var list = new SegmentedList<long>();
        for (int i = 0; i < count; i++) list.Add(i * 3L);

        Assert.Equal(count, list.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => i * 3L), list);
        Assert.Equal(Enumerable.Range(0, count).Select(i => i * 3L), Enumerable.Range(0, count).Select(i => list[i]));
        Assert.Throws<ArgumentOutOfRangeException>(() => list[count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
    }
}
