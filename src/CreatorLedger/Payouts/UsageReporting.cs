using System.Security.Cryptography;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Manifests;

namespace CreatorLedger.Payouts;

/// <summary>
/// A developer reporting what a training run used (UsageReported), tied to the run's signed manifest, verified as the
/// licensee's (<see cref="ManifestVerification"/>). Every work reported must have been licensed to the developer, for
/// every use reported, at the manifest's checkpoint: the report is refused whole otherwise, naming the works.
/// </summary>
public sealed class UsageReporting(IEventStore store, IdentityId developer, SigningKey key, TimeProvider? clock = null, string? projectionFile = null)
{
    private readonly Author _author = new(store, developer, key, clock);

    /// <param name="verified">The run's manifest, verified against this ledger (its SHA-256 goes into the report).</param>
    /// <param name="works">The works used; null: every work the manifest includes.</param>
    /// <param name="uses">The uses; null: the manifest's.</param>
    public async Task<UsageReport> SubmitAsync(ManifestVerification verified, string period, IReadOnlyList<WorkId>? works = null,
        IReadOnlyList<Use>? uses = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verified);
        if (verified.Manifest is not { } manifest)
            throw new LicensingException(LicensingProblem.ManifestInvalid, $"The manifest does not verify: {verified.Message}. Nothing was reported.");
        var manifestBytes = verified.Bytes;
        if (!UsageReported.IsPeriod(period)) throw new LicensingException(LicensingProblem.InvalidTerms, $"'{period}' is not a month (yyyy-MM).");
        if (manifest.Licensee != developer)
            throw new LicensingException(LicensingProblem.WorkNotLicensed, $"The manifest was made for {manifest.Licensee}, not for {developer}: only its licensee can report its usage.");
        var used = (works ?? [.. manifest.Included.Select(e => e.Work!.Value)]).Distinct().ToArray();
        if (used.Length == 0) throw new LicensingException(LicensingProblem.WorkNotLicensed, "The report names no work (the manifest includes none).");
        var reported = uses ?? [manifest.Use];
        var projection = await LicenseProjection.LoadAsync(store, projectionFile, null, cancellationToken).ConfigureAwait(false);
        var then = await ConsentView.AtCheckpointAsync(store, projection, manifest.Checkpoint, manifest.DecidedAt, cancellationToken).ConfigureAwait(false);
        var refused = new List<string>();
        foreach (var work in used)
            foreach (var use in reported)
            {
                var decision = then.Decide(new ConsentRequest(work, developer, use, manifest.Commercial, manifest.Territory));
                if (!decision.IsLicensed) refused.Add($"{work} for {use} ({decision.Reason})");
            }
        if (refused.Count > 0)
            throw new LicensingException(LicensingProblem.WorkNotLicensed,
                $"{refused.Count} reported use(s) were not licensed to {developer} at the manifest's checkpoint {manifest.Checkpoint}: {string.Join("; ", refused.Take(10))}{(refused.Count > 10 ? "; …" : "")}. Nothing was reported.");
        var data = new UsageReported(manifest.Run, Convert.ToHexStringLower(SHA256.HashData(manifestBytes)), used, period, reported, manifest.Checkpoint, manifest.DecidedAt);
        var signed = await _author.AppendAsync(data.ToDraft(), cancellationToken).ConfigureAwait(false);
        return new UsageReport(signed.Id, developer, data, signed.At, 0);
    }
}
