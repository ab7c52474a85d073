namespace CreatorLedger.Datasets;

/// <summary>
/// A dataset's container files — WebDataset shards (<see cref="ShardQueue"/>) or Parquet files (<see cref="ParquetQueue"/>)
/// — read on other threads and handed out as <see cref="DatasetPiece"/>s in the order given, so a host takes each kind
/// the same way, and shows how far the reading is from <see cref="Progress"/> and <see cref="Files"/>.
/// </summary>
public sealed class DatasetSource
{
    private readonly Func<CancellationToken, IEnumerable<Task<DatasetPiece>>> _read;

    private DatasetSource(int files, ReadProgress progress, Func<CancellationToken, IEnumerable<Task<DatasetPiece>>> read)
    {
        Files = files;
        Progress = progress;
        _read = read;
    }

    /// <summary>Shards, a piece each: its samples and the shard itself.</summary>
    public static DatasetSource Shards(IReadOnlyCollection<string> shards, ShardOptions options, int? parallelism = null)
    {
        var queue = new ShardQueue(shards, options, parallelism);
        return new(shards.Count, queue.Progress, token => queue.InOrder(token).Select(async reading =>
        {
            var contents = await reading.ConfigureAwait(false);
            return new DatasetPiece(contents.Samples, new DatasetFile(contents.Path, contents.Bytes, contents.Sha256));
        }));
    }

    /// <summary>Parquet files, a piece a row group, then one for the file itself (<see cref="ParquetQueue.InOrder"/>).</summary>
    public static DatasetSource Parquet(IReadOnlyCollection<string> files, ParquetColumns columns, bool hashFiles = false,
        Screening.ScreeningNeeds screening = Screening.ScreeningNeeds.None, int? parallelism = null)
    {
        var queue = new ParquetQueue(files, columns, hashFiles, parallelism, screening);
        return new(files.Count, queue.Progress, token => queue.InOrder(token).Select(async reading =>
        {
            var part = await reading.ConfigureAwait(false);
            return new DatasetPiece(part.Samples, part.File, part.ColumnProblem);
        }));
    }

    /// <summary>How many files are read.</summary>
    public int Files { get; }

    public ReadProgress Progress { get; }

    /// <summary>Each piece's reading, in order; the queue reads a few ahead of the one the caller waits for.</summary>
    public IEnumerable<Task<DatasetPiece>> InOrder(CancellationToken cancellationToken = default) => _read(cancellationToken);
}
