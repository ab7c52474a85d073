namespace CreatorLedger.Datasets;

/// <summary>
/// A file and the work digest of its bytes, or why it could not be read (<see cref="Problem"/>): missing, unreadable,
/// or changed while it was being hashed. A file with a problem is never decided as licensed.
/// </summary>
public sealed record HashedFile(string Path, WorkId Work, long Bytes, string? Problem)
{
    /// <summary>The hashes screening needed, taken in the same read (null when it needs none beyond the digest).</summary>
    public Screening.SampleHashes? Hashes { get; init; }

    public bool IsReadable => Problem is null;

    public static HashedFile Unreadable(string path, string problem) => new(path, default, 0, problem);
}
