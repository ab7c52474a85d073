using CreatorLedger.Datasets.Screening;
using CreatorLedger.Licensing;

namespace CreatorLedger.Datasets;

/// <summary>
/// One sample decided: the ledger's decision for its work, or — for a sample that has no usable digest (a file that
/// could not be read or changed while it was hashed, a shard member without a digest in its metadata, …) — none, with
/// the problem: such a sample is Unreadable, never licensed (fail closed). A sample on a screening list is Prohibited
/// whatever the ledger says (rule 0 of DESIGN §6), with the list that has it and no ledger decision.
/// </summary>
public sealed record DatasetDecision(DatasetInput Input, ConsentDecision? Decision, string? Problem)
{
    public const string Unreadable = nameof(Unreadable);

    public const string Prohibited = nameof(Prohibited);

    /// <summary>The screening list that has the sample (then it is Prohibited), or null.</summary>
    public ScreeningMatch? Match { get; init; }

    /// <summary>The hashes of the sample's bytes that screening took (for a manifest to keep), or null; never those of a Prohibited sample.</summary>
    public SampleHashes? Hashes { get; init; }

    /// <summary>The sample's digest where there is no ledger decision to carry it (a Prohibited sample, one not screened).</summary>
    public WorkId? Digest { get; init; }

    /// <summary>The kind of problem of a sample with no ledger decision (by default its input's).</summary>
    public SampleProblem? Kind { get; init; } = Input.Problem;

    /// <summary>The file, shard or Parquet file holding the sample (null for a digest given as it is).</summary>
    public string? Path => Input.Path;

    public SampleLocation? Location => Input.Location;

    public DigestSource DigestSource => Input.Source;

    public WorkId? Work => Decision?.Work ?? Digest;

    public bool IsLicensed => Match is null && Decision is { IsLicensed: true };

    /// <summary>Prohibited, Licensed, NotLicensed, NotRegistered, Disputed, or Unreadable.</summary>
    public string Outcome => Match is not null ? Prohibited : Decision?.Decision ?? Unreadable;

    /// <summary>
    /// The decision's reason; for a Prohibited sample the hash it matched by (Md5Match, Sha1Match, Sha256Match, PdqMatch);
    /// for an Unreadable one the kind of problem (Unreadable, NoDigest, BadDigest, DuplicateKey, NotScreened).
    /// </summary>
    public string Reason => Match?.Reason ?? Decision?.Reason.ToString() ?? (Kind ?? SampleProblem.Unreadable).ToString();
}
