using CreatorLedger.Licensing;
using CreatorLedger.Transparency;

namespace CreatorLedger.Manifests;

/// <summary>
/// A revocation of a grant a manifest relied on that its checkpoint lacks, although a trust policy's witnesses had
/// cosigned a checkpoint holding it more than the maximum age before the manifest's decision time.
/// </summary>
public sealed record StaleRevocation(ManifestEntry Entry, Revocation Revocation, Checkpoint WitnessedIn, DateTimeOffset WitnessedAt);

/// <summary>
/// Was a manifest made on a stale ledger (DESIGN §9)? A revocation witnessed at T that a manifest decided after T plus the
/// maximum age does not see means the ledger it was made on was behind by more than the policy allows.
/// </summary>
public static class StaleLedger
{
    /// <param name="head">The ledger's licensing facts now.</param>
    /// <param name="signed">The ledger's signed checkpoints with their cosignatures.</param>
    public static IReadOnlyList<StaleRevocation> Find(TrainingManifest manifest, LicenseView head, IReadOnlyList<SignedCheckpoint> signed, TrustedCheckpoints trust)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(trust);
        // Witnessed checkpoints, smallest first, each with when its quorum cosigned (the times kept are each witness's
        // newest, so a revocation is never dated earlier than it was witnessed: no false alarm).
        var witnessed = signed.Select(trust.Accept).OfType<AcceptedCheckpoint>().Where(a => a.WitnessedAt is not null)
            .OrderBy(a => a.Checkpoint.Size).ToList();
        var stale = new List<StaleRevocation>();
        foreach (var entry in manifest.Included)
            foreach (var grantId in entry.Grants)
            {
                if (head.FindGrant(grantId)?.Revocation is not { } revocation || revocation.Position <= manifest.Checkpoint.Size) continue;
                var first = witnessed.FirstOrDefault(a => a.Checkpoint.Size >= revocation.Position);
                if (first?.WitnessedAt is { } at && at + trust.MaxAge < manifest.DecidedAt.Value)
                    stale.Add(new StaleRevocation(entry, revocation, first.Checkpoint, at));
            }
        return stale;
    }
}
