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
public sealed class StaleLedger
{
    private readonly TrainingManifest _manifest;
    private readonly LicenseView _head;
    private readonly TrustedCheckpoints _trust;
    private readonly List<AcceptedCheckpoint> _witnessed;

    /// <param name="head">The ledger's licensing facts now.</param>
    /// <param name="signed">The ledger's signed checkpoints with their cosignatures.</param>
    public StaleLedger(TrainingManifest manifest, LicenseView head, IReadOnlyList<SignedCheckpoint> signed, TrustedCheckpoints trust)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(trust);
        _manifest = manifest;
        _head = head;
        _trust = trust;
        // Witnessed checkpoints, smallest first, each with when its quorum cosigned (the times kept are each witness's
        // newest, so a revocation is never dated earlier than it was witnessed: no false alarm).
        _witnessed = [.. signed.Select(trust.Accept).OfType<AcceptedCheckpoint>().Where(a => a.WitnessedAt is not null).OrderBy(a => a.Checkpoint.Size)];
    }

    /// <summary>Every stale revocation among the manifest's included entries.</summary>
    public static IReadOnlyList<StaleRevocation> Find(TrainingManifest manifest, LicenseView head, IReadOnlyList<SignedCheckpoint> signed, TrustedCheckpoints trust)
    {
        var finder = new StaleLedger(manifest, head, signed, trust);
        return [.. manifest.Included.SelectMany(finder.Of)];
    }

    /// <summary>The stale revocations of one included entry's grants (entry by entry, so a manifest of any size streams through).</summary>
    public IEnumerable<StaleRevocation> Of(ManifestEntry entry)
    {
        if (!entry.IsIncluded) yield break;
        foreach (var grantId in entry.Grants)
        {
            if (_head.FindGrant(grantId)?.Revocation is not { } revocation || revocation.Position <= _manifest.Checkpoint.Size) continue;
            var first = _witnessed.FirstOrDefault(a => a.Checkpoint.Size >= revocation.Position);
            if (first?.WitnessedAt is { } at && at + _trust.MaxAge < _manifest.DecidedAt.Value)
                yield return new StaleRevocation(entry, revocation, first.Checkpoint, at);
        }
    }
}
