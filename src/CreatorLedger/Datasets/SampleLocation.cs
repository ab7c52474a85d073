namespace CreatorLedger.Datasets;

/// <summary>
/// Where a sample of a dataset is (DESIGN §10): a file; a member of a WebDataset tar shard, named by the sample's key;
/// or a row of a Parquet file, with the value of its key column when one is named. Decisions and manifests carry it,
/// so that a decision says exactly which bytes it is about.
/// </summary>
public sealed record SampleLocation
{
    private SampleLocation(string path, string? key, string? member, long? row)
    {
        Path = path;
        Key = key;
        Member = member;
        Row = row;
    }

    /// <summary>The file on disk that holds the sample: the file itself, the shard, or the Parquet file.</summary>
    public string Path { get; }

    /// <summary>The WebDataset key (a shard), or the Parquet key column's value.</summary>
    public string? Key { get; }

    /// <summary>The tar member that is the sample (a shard), when there is one.</summary>
    public string? Member { get; }

    /// <summary>The 0-based row (a Parquet file).</summary>
    public long? Row { get; }

    /// <summary>A loose file (not a shard or Parquet file as a whole, whose problems name <see cref="Whole"/>).</summary>
    public bool IsFile => Key is null && Member is null && Row is null && !_whole;

    public bool IsShardMember => Row is null && Key is not null;

    public bool IsParquetRow => Row is not null;

    /// <summary>A whole shard or Parquet file: where a problem that concerns all of it is reported (damaged, truncated, not one).</summary>
    public bool IsWhole => _whole;

    private bool _whole;

    public static SampleLocation File(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new(path, null, null, null);
    }

    /// <summary>A whole shard or Parquet file, for a problem that concerns all of it or its unread rest.</summary>
    public static SampleLocation Whole(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new(path, null, null, null) { _whole = true };
    }

    public static SampleLocation ShardMember(string shard, string key, string? member)
    {
        ArgumentException.ThrowIfNullOrEmpty(shard);
        ArgumentNullException.ThrowIfNull(key);
        return new(shard, key, member, null);
    }

    public static SampleLocation ParquetRow(string file, long row, string? key)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        return new(file, key, null, row);
    }

    /// <summary><c>path</c>, <c>shard#member</c> (or <c>shard#key</c>), or <c>file#row</c> (with the key when there is one).</summary>
    public override string ToString() =>
        Row is { } row ? (Key is null ? $"{Path}#{row}" : $"{Path}#{row} ({Key})")
        : Key is not null ? $"{Path}#{Member ?? Key}"
        : Path;
}
