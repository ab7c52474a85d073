using CreatorLedger.Datasets;
using CreatorLedger.Events;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;

namespace CreatorLedger.Manifests;

/// <summary>One manifest entry re-derived: whether the ledger at the manifest's checkpoint gives the same answer, and what it says now.</summary>
public sealed record ManifestEntryCheck(ManifestEntry Entry, bool Reproduced, ConsentDecision? Then, ConsentDecision? Now, string Change);

/// <summary>
/// Re-checks a verified manifest against a ledger: every decision is re-derived at the manifest's checkpoint and time
/// (any difference means the manifest or the ledger was rewritten), then decided again now, to report per work what
/// changed since: still licensed, revoked, expired, disputed, …
/// </summary>
public static class ManifestCheck
{
    /// <summary>Re-checks <paramref name="manifest"/> against a store whose head <paramref name="projection"/> reflects.</summary>
    public static async Task<IReadOnlyList<ManifestEntryCheck>> CheckAsync(TrainingManifest manifest, IEventStore store, LicenseProjection projection,
        LedgerTime now, CancellationToken cancellationToken = default) =>
        Check(manifest, await ConsentView.AtCheckpointAsync(store, projection, manifest.Checkpoint, manifest.DecidedAt, cancellationToken).ConfigureAwait(false),
            ConsentView.AsOf(projection, now));

    public static IReadOnlyList<ManifestEntryCheck> Check(TrainingManifest manifest, IReadOnlyList<RecordedEvent> events, LedgerTime now) =>
        Check(manifest, ConsentView.AtCheckpoint(events, manifest.Checkpoint, manifest.DecidedAt), ConsentView.AsOf(events, now));

    private static IReadOnlyList<ManifestEntryCheck> Check(TrainingManifest manifest, ConsentView then, ConsentView current) =>
        [.. manifest.Entries.Select(entry => Check(manifest, entry, then, current))];

    /// <summary>
    /// One entry of <paramref name="manifest"/> re-derived on <paramref name="then"/> (the ledger at the manifest's checkpoint
    /// and time) and decided again on <paramref name="current"/>: entry by entry, so a manifest of any size streams through.
    /// </summary>
    public static ManifestEntryCheck Check(TrainingManifest manifest, ManifestEntry entry, ConsentView then, ConsentView current)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(entry);
        // A sample screened out or unreadable was never decided on the ledger: there is nothing of the ledger to re-derive.
        if (entry.Work is not { } work || entry.Decision is DatasetDecision.Prohibited or DatasetDecision.Unreadable)
            return new ManifestEntryCheck(entry, true, null, null, entry.IsIncluded ? entry.Reason : "StillExcluded");
        var request = new ConsentRequest(work, manifest.Licensee, manifest.Use, manifest.Commercial, manifest.Territory);
        var a = then.Decide(request);
        var b = current.Decide(request);
        bool reproduced = a.Decision == entry.Decision && a.Reason.ToString() == entry.Reason
            && (!entry.IsIncluded || (a.Owner == entry.Owner && a.GrantIds.SequenceEqual(entry.Grants)));
        string change = entry.IsIncluded
            ? (b.IsLicensed ? "StillLicensed" : b.Reason.ToString())
            : (b.IsLicensed ? "NowLicensed" : "StillExcluded");
        return new ManifestEntryCheck(entry, reproduced, a, b, change);
    }

    /// <summary>Whether a check is worth listing: its decision did not reproduce, or what the ledger says of the work changed since.</summary>
    public static bool Changed(ManifestEntryCheck check) => !check.Reproduced || check.Change is not ("StillLicensed" or "StillExcluded");
}
