namespace CreatorLedger.Datasets;

/// <summary>How far the reading of shards is, updated from the threads reading them and read by whoever shows progress.</summary>
public sealed class ShardProgress
{
    private long _samples, _bytes;
    private string? _current;

    public long Samples => Interlocked.Read(ref _samples);

    /// <summary>Bytes of shard files read (seeked over, for members whose bytes are not needed).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The shard most recently started.</summary>
    public string? Current => Volatile.Read(ref _current);

    internal void Started(string shard) => Volatile.Write(ref _current, shard);

    internal void AddSamples(long count) => Interlocked.Add(ref _samples, count);

    internal void AddBytes(long count) => Interlocked.Add(ref _bytes, count);
}
