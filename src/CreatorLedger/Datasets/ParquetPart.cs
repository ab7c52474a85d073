namespace CreatorLedger.Datasets;

/// <summary>
/// A piece of a Parquet file as a <see cref="ParquetQueue"/> hands it out: the samples of one row group, in row order;
/// or, as a file's last piece, the file itself (a manifest records it: its size and, when asked, its SHA-256), with its
/// <see cref="ColumnProblem"/> when it lacks the column asked for, or the one sample saying it is broken.
/// </summary>
public sealed record ParquetPart(string Path, IReadOnlyList<DatasetInput> Samples)
{
    /// <summary>Set on a file's last piece, unless nothing of it was read (a column problem).</summary>
    public DatasetFile? File { get; init; }

    public ParquetColumnProblem? ColumnProblem { get; init; }
}
