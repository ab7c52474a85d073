namespace CreatorLedger.Datasets;

/// <summary>One sample of a dataset to decide: a file (hashed to its work digest), or a work digest given as it is.</summary>
public readonly record struct DatasetInput
{
    private DatasetInput(string? path, WorkId work)
    {
        Path = path;
        Work = work;
    }

    /// <summary>The file, or null for a digest given as it is.</summary>
    public string? Path { get; }

    /// <summary>The digest given (default for a file, whose digest is its bytes').</summary>
    public WorkId Work { get; }

    public bool IsFile => Path is not null;

    public static DatasetInput File(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new(path, default);
    }

    public static DatasetInput Digest(WorkId work) => new(null, work);

    public override string ToString() => Path ?? Work.Value;
}
