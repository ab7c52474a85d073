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

    /// <summary>Files being hashed in the background; <see cref="Wait"/> shows progress until they are done.</summary>
    public sealed class Hashing(int count)
    {
        internal long Done;
        internal Task<Hashed[]> Task = System.Threading.Tasks.Task.FromResult<Hashed[]>([]);

        public int Count { get; } = count;
    }

    public static Hashed[] HashAll(Cmdlet cmdlet, IReadOnlyList<string> paths, string activity, SqliteHashCache? cache = null) =>
        Wait(cmdlet, Start(paths, cache), activity);

    /// <summary>
    /// Starts hashing <paramref name="paths"/> on all cores: a file the cache knows with the same size and time is not
    /// read; new digests are saved to the cache. Only one hashing may use a cache at a time.
    /// </summary>
    public static Hashing Start(IReadOnlyList<string> paths, SqliteHashCache? cache)
    {
        var hashing = new Hashing(paths.Count);
        hashing.Task = Task.Run(() =>
        {
            var results = new Hashed[paths.Count];
            var stamps = new (long Size, long Modified)?[paths.Count];
            var fromCache = new bool[paths.Count];
            var cached = cache?.Find(paths);
            Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                // A file the cache does not know is opened straight away; one it knows is first compared by size and time.
                if (cached is not null && cached.TryGetValue(paths[i], out var entry) && Stamp(paths[i]) is { } s && entry.Size == s.Size && entry.Modified == s.Modified)
                {
                    results[i] = new Hashed(paths[i], entry.Work, s.Size, null);
                    stamps[i] = s;
                    fromCache[i] = true;
                }
                else
                {
                    (results[i], stamps[i]) = Hash(paths[i]);
                }
                Interlocked.Increment(ref hashing.Done);
            });
            cache?.Save([.. Enumerable.Range(0, paths.Count)
                .Where(i => !fromCache[i] && results[i].Problem is null && stamps[i] is not null)
                .Select(i => (paths[i], stamps[i]!.Value.Size, stamps[i]!.Value.Modified, results[i].Work))]);
            return results;
        });
        return hashing;
    }

    /// <summary>Waits for <paramref name="hashing"/> on the pipeline thread (the only one that may write progress).</summary>
    public static Hashed[] Wait(Cmdlet cmdlet, Hashing hashing, string activity)
    {
        var progress = new ProgressRecord(1, activity, "Hashing files");
        bool shown = false;
        while (!((IAsyncResult)hashing.Task).AsyncWaitHandle.WaitOne(250))
        {
            var n = Interlocked.Read(ref hashing.Done);
            progress.StatusDescription = $"Hashed {n} of {hashing.Count} files";
            progress.PercentComplete = (int)(n * 100 / Math.Max(1, hashing.Count));
            cmdlet.WriteProgress(progress);
            shown = true;
        }
        if (shown)
        {
            progress.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(progress);
        }
        return hashing.Task.GetAwaiter().GetResult();
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
    public static Hashed HashOne(string path) => Hash(path).Hashed;

    // Size and time are read from the open file before and after hashing (fstat, not another path lookup): the stamp
    // the digest is cached under is the one of the bytes that were hashed.
    private static (Hashed Hashed, (long Size, long Modified)? Stamp) Hash(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            var before = (RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle).Ticks);
            var hash = HashContent(handle);
            var after = (RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle).Ticks);
            if (before != after)
                return (new Hashed(path, default, 0, "the file changed while it was being hashed"), null);
            return (new Hashed(path, WorkId.FromHash(hash), after.Item1, null), after);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (new Hashed(path, default, 0, e.Message), null);
        }
    }

    private static byte[] HashContent(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long offset = 0;
            for (int read; (read = RandomAccess.Read(handle, buffer, offset)) > 0; offset += read) sha256.AppendData(buffer, 0, read);
            return sha256.GetHashAndReset();
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
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
