using System.Buffers;
using CreatorLedger.Datasets.Screening;
using Microsoft.Win32.SafeHandles;

namespace CreatorLedger.Datasets;

/// <summary>
/// Work digests of files: SHA-256 of their bytes, read in one pass, on all cores for many files. A file whose size or
/// modification time changed while it was read is refused, and with a cache, files whose size and time are unchanged
/// are not read again. Screening's hashes (MD5, SHA-1, PDQ) are taken in the same read when they are asked for; then
/// every file is read, as the cache keeps digests only.
/// </summary>
public static class WorkHasher
{
    /// <summary>Hashes one file.</summary>
    public static HashedFile Hash(string path)
    {
        using var hasher = new ContentHasher(ScreeningNeeds.None);
        return HashAndStamp(path, hasher).File;
    }

    /// <summary>
    /// Hashes <paramref name="paths"/> on all cores, in their order: a file <paramref name="cache"/> knows with the same
    /// size and time is not read; new digests are saved to it. <paramref name="progress"/> hears how many files are done.
    /// Only one hashing may use a cache at a time. With <paramref name="screening"/> needing more than the SHA-256 of the
    /// bytes (which the digest is), each file is read for those hashes too, cached or not.
    /// </summary>
    public static HashedFile[] HashAll(IReadOnlyList<string> paths, IHashCache? cache = null, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default, ScreeningNeeds screening = ScreeningNeeds.None)
    {
        // The digest is the SHA-256 of the bytes: a SHA-256 list needs nothing more, and cached digests serve it.
        var needs = screening & ~ScreeningNeeds.Sha256;
        long done = 0;
        var results = new HashedFile[paths.Count];
        var stamps = new FileStamp?[paths.Count];
        var fromCache = new bool[paths.Count];
        var cached = needs == ScreeningNeeds.None ? cache?.Find(paths) : null;
        Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            () => new ContentHasher(needs), (i, _, hasher) =>
        {
            // A file the cache does not know is opened straight away; one it knows is first compared by size and time.
            if (cached is not null && cached.TryGetValue(paths[i], out var entry) && FileStamp.Of(paths[i]) is { } s && entry.Size == s.Size && entry.Modified == s.Modified)
            {
                results[i] = new HashedFile(paths[i], entry.Work, s.Size, null);
                stamps[i] = s;
                fromCache[i] = true;
            }
            else
            {
                (results[i], stamps[i]) = HashAndStamp(paths[i], hasher);
            }
            progress?.Report(Interlocked.Increment(ref done));
            return hasher;
        }, hasher => hasher.Dispose());
        cache?.Save([.. Enumerable.Range(0, paths.Count)
            .Where(i => !fromCache[i] && results[i].IsReadable && stamps[i] is not null)
            .Select(i => new CachedDigest(paths[i], stamps[i]!.Value.Size, stamps[i]!.Value.Modified, results[i].Work))]);
        return results;
    }

    // Size and time are read from the open file before and after hashing (fstat, not another path lookup): the stamp
    // the digest is cached under is the one of the bytes that were hashed.
    private static (HashedFile File, FileStamp? Stamp) HashAndStamp(string path, ContentHasher hasher)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            var before = FileStamp.Of(handle);
            var (work, hashes) = HashContent(handle, hasher, path, before.Size);
            var after = FileStamp.Of(handle);
            if (before != after) return (HashedFile.Unreadable(path, "the file changed while it was being hashed"), null);
            return (new HashedFile(path, work, after.Size, null) { Hashes = hashes }, after);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            hasher.Reset();
            return (HashedFile.Unreadable(path, e.Message), null);
        }
    }

    private static (WorkId Work, SampleHashes? Hashes) HashContent(SafeFileHandle handle, ContentHasher hasher, string path, long size)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            // A file that fits the buffer (most of a dataset's) is read whole and hashed in one call. When the first read
            // brings the size the file had when opened, no second read is needed to find its end: had it grown since,
            // the size read after hashing would say so, and the file would be refused.
            int first = RandomAccess.Read(handle, buffer, 0);
            if (first < buffer.Length && (first == size || RandomAccess.Read(handle, buffer.AsSpan(first), first) == 0))
                return hasher.Hash(buffer.AsSpan(0, first), path);
            hasher.Append(buffer.AsSpan(0, first));
            long offset = first;
            for (int read; (read = RandomAccess.Read(handle, buffer, offset)) > 0; offset += read) hasher.Append(buffer.AsSpan(0, read));
            return hasher.Finish(path);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A file's size and modification time (UTC ticks): what a cached digest is trusted by.</summary>
    private readonly record struct FileStamp(long Size, long Modified)
    {
        public static FileStamp Of(SafeFileHandle handle) => new(RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle).Ticks);

        public static FileStamp? Of(string path)
        {
            try
            {
                var info = new FileInfo(path);
                return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
