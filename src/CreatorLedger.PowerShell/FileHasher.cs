using System.Management.Automation;
using System.Security.Cryptography;
using CreatorLedger.Events;

namespace CreatorLedger.PowerShell;

/// <summary>Hashes files on all cores while the pipeline thread shows progress (cmdlets may only write from it).</summary>
internal static class FileHasher
{
    public sealed record Hashed(string Path, WorkId Work, long Bytes, string? Problem);

    public static Hashed[] HashAll(Cmdlet cmdlet, IReadOnlyList<string> paths, string activity)
    {
        var results = new Hashed[paths.Count];
        long done = 0;
        var work = Task.Run(() => Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            results[i] = HashOne(paths[i]);
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
        return results;
    }

    public static Hashed HashOne(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var hash = SHA256.HashData(stream);
            return new Hashed(path, WorkId.FromHash(hash), stream.Length, null);
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
