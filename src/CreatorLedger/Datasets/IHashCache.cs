namespace CreatorLedger.Datasets;

/// <summary>
/// Digests of files already hashed, trusted while a file's size and modification time are unchanged, so that a second
/// check of a dataset reads no file twice. A cache: losing it only costs hashing again. The embedded one is SQLite's.
/// </summary>
public interface IHashCache : IDisposable
{
    /// <summary>What the cache holds for these paths (the result may be read from several threads).</summary>
    IReadOnlyDictionary<string, CachedDigest> Find(IReadOnlyList<string> paths);

    /// <summary>Records digests; may finish in the background, and <see cref="IDisposable.Dispose"/> waits for it.</summary>
    void Save(IReadOnlyList<CachedDigest> digests);
}

/// <summary>A file's digest as of its size and modification time (UTC ticks).</summary>
public readonly record struct CachedDigest(string Path, long Size, long Modified, WorkId Work);
