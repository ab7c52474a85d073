namespace CreatorLedger.Datasets;

/// <summary>
/// A file and the work digest of its bytes, or why it could not be read (<see cref="Problem"/>): missing, unreadable,
/// or changed while it was being hashed. A file with a problem is never decided as licensed.
/// </summary>
public sealed record HashedFile(string Path, WorkId Work, long Bytes, string? Problem)
{
    public bool IsReadable => Problem is null;

    public static HashedFile Unreadable(string path, string problem) => new(path, default, 0, problem);
}
