using System.Management.Automation;
using System.Security.Cryptography;
using CreatorLedger.Events;
using CreatorLedger.Sqlite;

namespace CreatorLedger.PowerShell;

/// <summary>
/// Hashes files on all cores while the pipeline thread shows progress (cmdlets may only write from it). With a
/// cache, files whose size and modification time are unchanged are not read again.
/// </summary>
internal static class FileHasher
{
    public sealed record Hashed(string Path, WorkId Work, long Bytes, string? Problem);

    public static Hashed[] HashAll(Cmdlet cmdlet, IReadOnlyList<string> paths, string activity, SqliteHashCache? cache = null)
    {
        var results = new Hashed[paths.Count];
        var stamps = new (long Size, long Modified)?[paths.Count];
        WorkId?[] cached = new WorkId?[paths.Count];
        if (cache is not null)
        {
            for (int i = 0; i < paths.Count; i++) stamps[i] = Stamp(paths[i]);
            var known = Enumerable.Range(0, paths.Count).Where(i => stamps[i] is not null).ToArray();
            var found = cache.Find([.. known.Select(i => (paths[i], stamps[i]!.Value.Size, stamps[i]!.Value.Modified))]);
            for (int k = 0; k < known.Length; k++) cached[known[k]] = found[k];
        }
        long done = 0;
        var work = Task.Run(() => Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            results[i] = cached[i] is { } hit ? new Hashed(paths[i], hit, stamps[i]!.Value.Size, null) : HashOne(paths[i]);
            Interlocked.Increment(ref done);
        }));
        var progress = new ProgressRecord(1, activity, "Hashing files");
        while (!((IAsyncResult)work).AsyncWaitHandle.WaitOne(250))
        {
            var n = Interlocked.Read(ref done);
            progress.StatusDescription = $"Hashed {n} of {paths.Count} files";
            progress.PercentComplete = (int)(n * 100 / Math.Max(1, paths.Count));
            cmdlet.WriteProgress(progress);
        }
        work.GetAwaiter().GetResult();
        progress.RecordType = ProgressRecordType.Completed;
        cmdlet.WriteProgress(progress);
        cache?.Save([.. Enumerable.Range(0, paths.Count)
            .Where(i => cached[i] is null && results[i].Problem is null && stamps[i] is not null)
            .Select(i => (paths[i], stamps[i]!.Value.Size, stamps[i]!.Value.Modified, results[i].Work))]);
        return results;
    }

    private static (long Size, long Modified)? Stamp(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? (info.Length, info.LastWriteTimeUtc.Ticks) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Hashes one file; a file whose size or modification time changed while it was read is refused.</summary>
    public static Hashed HashOne(string path)
    {
        try
        {
            var before = Stamp(path);
            byte[] hash;
            long length;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            {
                hash = SHA256.HashData(stream);
                length = stream.Length;
            }
            var after = Stamp(path);
            if (before != after || after?.Size != length)
                return new Hashed(path, default, 0, "the file changed while it was being hashed");
            return new Hashed(path, WorkId.FromHash(hash), length, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Hashed(path, default, 0, e.Message);
        }
    }

    /// <summary>A media type from the extension; application/octet-stream when unknown.</summary>
    public static string MediaTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        ".svg" => "image/svg+xml",
        ".tif" or ".tiff" => "image/tiff",
        ".txt" => "text/plain",
        ".md" => "text/markdown",
        ".html" or ".htm" => "text/html",
        ".csv" => "text/csv",
        ".json" => "application/json",
        ".pdf" => "application/pdf",
        ".epub" => "application/epub+zip",
        ".mp3" => "audio/mpeg",
        ".flac" => "audio/flac",
        ".wav" => "audio/wav",
        ".ogg" => "audio/ogg",
        ".mp4" => "video/mp4",
        ".webm" => "video/webm",
        ".mov" => "video/quicktime",
        _ => "application/octet-stream",
    };
}
