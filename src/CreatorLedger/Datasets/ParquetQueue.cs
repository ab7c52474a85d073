namespace CreatorLedger.Datasets;

/// <summary>
/// Parquet files read row group by row group, handed out in the order given: a file's row groups are read from it one
/// at a time, while digests are parsed (or bytes hashed) on all cores and the caller decides the row groups before.
/// Memory holds a few row groups' samples (digests, not bytes), whatever the files' size.
/// </summary>
/// <param name="screening">The hashes of each row's bytes that screening needs (DESIGN §11), taken as they are hashed.</param>
public sealed class ParquetQueue(IEnumerable<string> files, ParquetColumns columns, bool hashFiles = false, int? parallelism = null,
    Screening.ScreeningNeeds screening = Screening.ScreeningNeeds.None)
{
    private readonly int _ahead = Math.Max(1, parallelism ?? Environment.ProcessorCount);

    public ReadProgress Progress { get; } = new();

    /// <summary>Each file's row groups in order, then the file itself (<see cref="ParquetPart.File"/>); at most the parallelism are read ahead.</summary>
    public IEnumerable<Task<ParquetPart>> InOrder(CancellationToken cancellationToken = default)
    {
        var started = new Queue<Task<ParquetPart>>();
        foreach (var path in files)
        {
            var hashing = hashFiles ? Task.Run(() => WorkHasher.Hash(path), cancellationToken) : null;
            // Opening reads the footer only; off the caller's thread, as the reader is asynchronous.
            var samples = Task.Run(() => ParquetSamples.OpenAsync(path, columns, cancellationToken), cancellationToken).GetAwaiter().GetResult();
            Progress.Started(path);
            Progress.AddExpected(samples.Rows);
            var reads = new List<Task<ParquetPart>>(samples.RowGroups);
            try
            {
                for (int group = 0; group < samples.RowGroups; group++)
                {
                    int index = group;
                    var read = Task.Run(async () =>
                    {
                        var inputs = await samples.ReadRowGroupAsync(index, cancellationToken, screening).ConfigureAwait(false);
                        Progress.AddSamples(inputs.Count);
                        return new ParquetPart(path, inputs);
                    }, cancellationToken);
                    reads.Add(read);
                    started.Enqueue(read);
                    if (started.Count > _ahead) yield return started.Dequeue();
                }
            }
            finally
            {
                // Closed once its reads are done, also when the caller stops early.
                started.Enqueue(Finish(path, samples, reads, hashing));
            }
            if (started.Count > _ahead) yield return started.Dequeue();
        }
        while (started.Count > 0) yield return started.Dequeue();
    }

    private async Task<ParquetPart> Finish(string path, ParquetSamples samples, List<Task<ParquetPart>> reads, Task<HashedFile>? hashing)
    {
        try
        {
            await Task.WhenAll(reads).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Each read reports its own failure to whoever waits for it.
        }
        finally
        {
            samples.Dispose();
        }
        if (samples.ColumnProblem is { } problem) return new ParquetPart(path, []) { ColumnProblem = problem };
        var hashed = hashing is null ? null : await hashing.ConfigureAwait(false);
        var file = new DatasetFile(path, samples.Bytes, hashed is { IsReadable: true } h ? Convert.ToHexStringLower(h.Work.ToBytes()) : null);
        IReadOnlyList<DatasetInput> broken = samples.Broken is { } why ? [DatasetInput.Unusable(SampleLocation.Whole(path), SampleProblem.Unreadable, why, columns.Source)] : [];
        return new ParquetPart(path, broken) { File = file };
    }
}
