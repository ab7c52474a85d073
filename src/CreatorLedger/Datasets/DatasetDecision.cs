using CreatorLedger.Licensing;

namespace CreatorLedger.Datasets;

/// <summary>
/// One sample decided: the ledger's decision for its work, or — for a sample that has no usable digest (a file that
/// could not be read or changed while it was hashed, a shard member without a digest in its metadata, …) — none, with
/// the problem: such a sample is Unreadable, never licensed (fail closed).
/// </summary>
public sealed record DatasetDecision(DatasetInput Input, ConsentDecision? Decision, string? Problem)
{
    public const string Unreadable = nameof(Unreadable);

    /// <summary>The file, shard or Parquet file holding the sample (null for a digest given as it is).</summary>
    public string? Path => Input.Path;

    public SampleLocation? Location => Input.Location;

    public DigestSource DigestSource => Input.Source;

    public WorkId? Work => Decision?.Work;

    public bool IsLicensed => Decision is { IsLicensed: true };

    /// <summary>Licensed, NotLicensed, NotRegistered, Disputed, or Unreadable.</summary>
    public string Outcome => Decision?.Decision ?? Unreadable;

    /// <summary>The decision's reason; for an Unreadable sample, the kind of problem (Unreadable, NoDigest, BadDigest, DuplicateKey).</summary>
    public string Reason => Decision?.Reason.ToString() ?? (Input.Problem ?? SampleProblem.Unreadable).ToString();
}
