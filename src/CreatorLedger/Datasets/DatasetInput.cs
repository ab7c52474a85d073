using CreatorLedger.Datasets.Screening;

namespace CreatorLedger.Datasets;

/// <summary>
/// One sample of a dataset to decide: a file (hashed to its work digest), a digest given as it is, a sample whose digest
/// a source read or hashed (a shard member, a Parquet row), or a sample that has no usable digest, with the problem.
/// </summary>
public readonly record struct DatasetInput
{
    private DatasetInput(SampleLocation? location, WorkId work, DigestSource source, SampleProblem? problem, string? message, SampleHashes? hashes = null)
    {
        Hashes = hashes;
        Location = location;
        Work = work;
        Source = source;
        Problem = problem;
        Message = message;
    }

    /// <summary>Where the sample is; null for a digest given as it is.</summary>
    public SampleLocation? Location { get; }

    /// <summary>The file, shard or Parquet file holding the sample, or null for a digest given as it is.</summary>
    public string? Path => Location?.Path;

    /// <summary>The digest (default for a file still to hash, or a sample with a problem).</summary>
    public WorkId Work { get; }

    public DigestSource Source { get; }

    /// <summary>Why the sample has no digest; null when it has one or is a file still to hash.</summary>
    public SampleProblem? Problem { get; }

    /// <summary>What exactly is wrong, for people.</summary>
    public string? Message { get; }

    /// <summary>The hashes its screening needed, taken by its source as it read the bytes (null when not screening, or its bytes were not read).</summary>
    public SampleHashes? Hashes { get; }

    /// <summary>A loose file whose bytes are still to be hashed.</summary>
    public bool IsFile => Location is { IsFile: true } && Problem is null && Work == default;

    public static DatasetInput File(string path) => new(SampleLocation.File(path), default, DigestSource.Content, null, null);

    public static DatasetInput Digest(WorkId work) => new(null, work, DigestSource.Metadata, null, null);

    /// <summary>A sample whose digest its source read (<see cref="DigestSource.Metadata"/>) or hashed (<see cref="DigestSource.Content"/>).</summary>
    /// <param name="hashes">The hashes screening needs, taken as the sample's bytes were read.</param>
    public static DatasetInput Sample(SampleLocation location, WorkId work, DigestSource source, SampleHashes? hashes = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (work == default) throw new ArgumentException("A sample's digest is a work digest.", nameof(work));
        return new(location, work, source, null, null, hashes);
    }

    /// <summary>A sample that has no usable digest: it is reported with the problem and never licensed.</summary>
    /// <param name="hashes">The hashes of its bytes, when they were read: a sample with no usable digest is still screened.</param>
    public static DatasetInput Unusable(SampleLocation location, SampleProblem problem, string message, DigestSource source = DigestSource.Metadata,
        SampleHashes? hashes = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentException.ThrowIfNullOrEmpty(message);
        return new(location, default, source, problem, message, hashes);
    }

    public override string ToString() => Location?.ToString() ?? Work.Value;
}
