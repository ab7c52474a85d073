namespace CreatorLedger.Datasets;

/// <summary>
/// What a <see cref="DatasetSource"/> hands out next, whether it read a shard or a Parquet file: samples, in the order
/// they are in their file; and, on a file's last piece, the file itself (a manifest records it), or the
/// <see cref="ColumnProblem"/> that kept a Parquet file from being read at all.
/// </summary>
public sealed record DatasetPiece(IReadOnlyList<DatasetInput> Samples, DatasetFile? File = null, ParquetColumnProblem? ColumnProblem = null)
{
    /// <summary>Whether its file is done with it: a shard's one piece, or the piece after a Parquet file's row groups.</summary>
    public bool EndsFile => File is not null || ColumnProblem is not null;
}
