using System.Management.Automation;
using CreatorLedger.Datasets;

namespace CreatorLedger.PowerShell;

public abstract partial class DatasetCmdlet
{
    private void ReadShards()
    {
        var shards = PathInput.Containers(this, Shard, Recurse, PathInput.IsShard).ToList();
        if (shards.Count == 0) return;
        var options = Guard(() => new ShardOptions(Member, DigestFrom, DigestField, RecordsInputs) { Screening = Screening?.Needs ?? default }, Member);
        Read(DatasetSource.Shards(shards, options), "Reading shards", "samples");
    }

    private void ReadParquet()
    {
        var files = PathInput.Containers(this, Parquet, Recurse, PathInput.IsParquet).ToList();
        if (files.Count == 0) return;
        var columns = BytesColumn is { } bytes ? ParquetColumns.Bytes(bytes, KeyColumn) : ParquetColumns.Digest(DigestColumn ?? ParquetColumns.DefaultDigestColumn, KeyColumn);
        Read(DatasetSource.Parquet(files, columns, RecordsInputs, Screening?.Needs ?? default), "Reading Parquet files", "rows");
    }

    /// <summary>
    /// Takes each piece the source reads, in order, as the next ones are read on other threads; progress shows the file,
    /// how many samples (or rows) and how many a second.
    /// </summary>
    private void Read(DatasetSource source, string activity, string unit)
    {
        var (progress, files) = (source.Progress, source.Files);
        var record = new ProgressRecord(1, MyInvocation.MyCommand.Name, activity);
        var started = Clock.GetTimestamp();
        int done = 0;
        foreach (var reading in source.InOrder())
        {
            var piece = ProgressLoop.Wait(this, reading, record, () =>
            {
                var seconds = Math.Max(Clock.GetElapsedTime(started).TotalSeconds, 0.001);
                var bytes = progress.Bytes > 0 ? $", {progress.Bytes / 1e6 / seconds:N0} MB/s" : "";
                return ($"{System.IO.Path.GetFileName(progress.Current)} ({Math.Min(done + 1, files)} of {files}): {progress.Samples:N0} {unit}, " +
                    $"{progress.Samples / seconds:N0}/s{bytes}", files == 1 && progress.Expected > 0 ? (int)(progress.Samples * 100 / progress.Expected) : done * 100 / files);
            });
            foreach (var sample in piece.Samples) Add(sample);
            // A Parquet file without the column asked for is one error (not terminating): nothing of it is decided, the
            // other files are, as with a path that matches nothing; -ErrorAction Stop ends the run there.
            if (piece.ColumnProblem is { } problem)
                WriteError(new ErrorRecord(new ArgumentException(problem.Message), problem.Missing ? ErrorIds.ColumnNotFound : ErrorIds.InvalidColumn,
                    problem.Missing ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidType, problem.Path));
            if (piece.File is { } file) Inputs.Add(file);
            if (piece.EndsFile) done++;
        }
    }
}
