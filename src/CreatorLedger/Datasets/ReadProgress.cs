namespace CreatorLedger.Datasets;

/// <summary>
/// How far the reading of a dataset's shards or Parquet files is, updated from the threads reading them and read by
/// whoever shows progress.
/// </summary>
public sealed class ReadProgress
{
    private long _samples, _bytes, _expected;
    private string? _current;

    /// <summary>Samples read: shard samples, or Parquet rows.</summary>
    public long Samples => Interlocked.Read(ref _samples);

    /// <summary>Samples the files opened so far hold, where that is known before they are read (Parquet rows); else 0.</summary>
    public long Expected => Interlocked.Read(ref _expected);

    /// <summary>Bytes of files read (a shard's members seeked over count, as their bytes are not needed).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The file most recently started.</summary>
    public string? Current => Volatile.Read(ref _current);

    internal void Started(string file) => Volatile.Write(ref _current, file);

    internal void AddSamples(long count) => Interlocked.Add(ref _samples, count);

    internal void AddExpected(long count) => Interlocked.Add(ref _expected, count);

    internal void AddBytes(long count) => Interlocked.Add(ref _bytes, count);
}
