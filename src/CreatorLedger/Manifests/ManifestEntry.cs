using CreatorLedger.Datasets;
using CreatorLedger.Identity;

namespace CreatorLedger.Manifests;

/// <summary>One file of a dataset as a manifest records it: its work, and either the grants that license it or the reason it was left out.</summary>
public sealed record ManifestEntry(string? Path, WorkId? Work, string Decision, string Reason, IdentityId? Owner, IReadOnlyList<EventId> Grants)
{
    public bool IsIncluded => Decision == "Licensed";

    /// <summary>A dataset check's decision as the manifest records it (an unreadable file is left out, as Unreadable).</summary>
    public static ManifestEntry Of(DatasetDecision decision) =>
        new(decision.Path, decision.Work, decision.Outcome, decision.Reason, decision.Decision?.Owner, decision.Decision?.GrantIds ?? []);
}
