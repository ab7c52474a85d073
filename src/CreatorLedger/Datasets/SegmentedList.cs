using System.Collections;

namespace CreatorLedger.Datasets;

/// <summary>
/// A list kept in arrays small enough to stay off the large object heap. A dataset check holds many thousands of
/// samples at a time (a Parquet row group, a chunk being decided): in one array each, those would go to the large
/// object heap, and millions of rows would drive the collector to full collections of a heap that holds the ledger.
/// </summary>
internal sealed class SegmentedList<T> : IReadOnlyList<T>
{
    // 1,024 items of up to 80 bytes stay below the 85,000-byte threshold of the large object heap.
    private const int Shift = 10;
    private const int Size = 1 << Shift;
    private readonly List<T[]> _segments = [];

    public int Count { get; private set; }

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            return _segments[index >> Shift][index & (Size - 1)];
        }
    }

    public void Add(T item)
    {
        if ((Count & (Size - 1)) == 0) _segments.Add(new T[Size]);
        _segments[^1][Count & (Size - 1)] = item;
        Count++;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return _segments[i >> Shift][i & (Size - 1)];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
