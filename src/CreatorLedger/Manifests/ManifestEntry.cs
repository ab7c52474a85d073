using CreatorLedger.Datasets;
using CreatorLedger.Datasets.Screening;
using CreatorLedger.Identity;

namespace CreatorLedger.Manifests;

/// <summary>
/// One sample of a dataset as a manifest records it: where it is (a file; a shard's key and member; a Parquet file's
/// row), how its digest was obtained, its work, and either the grants that license it or the reason it was left out.
/// </summary>
public sealed record ManifestEntry(string? Path, WorkId? Work, string Decision, string Reason, IdentityId? Owner, IReadOnlyList<EventId> Grants)
{
    public bool IsIncluded => Decision == "Licensed";

    /// <summary>The sample's WebDataset key, or its Parquet key column's value.</summary>
    public string? Key { get; init; }

    /// <summary>The shard member that is the sample.</summary>
    public string? Member { get; init; }

    /// <summary>The sample's 0-based row in its Parquet file.</summary>
    public long? Row { get; init; }

    /// <summary>How the digest was obtained; null in manifests written before samples said so.</summary>
    public DigestSource? DigestSource { get; init; }

    /// <summary>
    /// The hashes of the sample's bytes that its screening took, kept so that a newer list can screen the run again
    /// (null without screening; never kept for a Prohibited sample, as they would be a listed hash).
    /// </summary>
    public SampleHashes? Hashes { get; init; }

    /// <summary>For a Prohibited sample: the list that has it, and how.</summary>
    public ScreeningMatch? Match { get; init; }

    /// <summary>A dataset check's decision as the manifest records it (a sample with no usable digest is left out, as Unreadable).</summary>
    public static ManifestEntry Of(DatasetDecision decision) =>
        new(decision.Path, decision.Work, decision.Outcome, decision.Reason, decision.Decision?.Owner, decision.Decision?.GrantIds ?? [])
        {
            Key = decision.Location?.Key, Member = decision.Location?.Member, Row = decision.Location?.Row, DigestSource = decision.DigestSource,
            Hashes = decision.Match is null ? decision.Hashes : null, Match = decision.Match,
        };
}
