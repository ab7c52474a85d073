using CreatorLedger.Datasets;
using CreatorLedger.Datasets.Screening;

namespace CreatorLedger.Manifests;

/// <summary>
/// A past run's manifest screened again against newer lists (DESIGN §11, the seed's "disgorge"): each entry by the
/// hashes the manifest kept of its bytes and by its digest, so a run that trained on material listed since is found
/// without the dataset. A manifest made without screening can still be matched against SHA-256 lists, by its digests.
/// </summary>
public static class ManifestRescreen
{
    /// <summary>
    /// One entry of <paramref name="manifest"/> screened by <paramref name="lists"/>: on a list, clear, or short of a
    /// hash the lists need that the manifest did not keep. An entry already Prohibited is not screened again.
    /// </summary>
    public static ScreeningOutcome Screen(TrainingManifest manifest, ManifestEntry entry, ScreeningLists lists)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(lists);
        if (entry.Decision == DatasetDecision.Prohibited) return new ScreeningOutcome(null, ScreeningNeeds.None);
        // The manifest says which hashes it kept of every sample: a kept kind an entry lacks was not there to take
        // (no picture: no PDQ) or is its digest (the SHA-256 of its bytes).
        var kept = manifest.Screening?.Hashes ?? ScreeningNeeds.None;
        var hashes = entry.Hashes is { } h ? h with { Computed = kept } : kept == ScreeningNeeds.None ? null : new SampleHashes(kept, null, null, null, null);
        return lists.Screen(hashes, entry.Work);
    }
}
