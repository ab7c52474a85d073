using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Licensing;
using CreatorLedger.Transparency;

namespace CreatorLedger.Manifests;

/// <summary>What the proven events show about one included entry: proven, or why not.</summary>
public sealed record EntryEvidence(ManifestEntry Entry, bool Proven, string? Problem);

/// <summary>
/// A manifest's evidence checked with no ledger: which proven events are in the checkpoint's tree and signed by their
/// authors' keys, whether the manifest's signer is a key of its licensee, and which included entries the events prove.
/// </summary>
public sealed record ManifestEvidenceReport(string? SignerProblem, IReadOnlyList<string> BadEvents, IReadOnlyList<EntryEvidence> Entries)
{
    public bool SignerProven => SignerProblem is null;

    public long Proven => Entries.LongCount(e => e.Proven);

    public long Unproven => Entries.LongCount(e => !e.Proven);
}

/// <summary>
/// Checks a manifest's proven events against its checkpoint (DESIGN §9: "a manifest verifies offline with only the
/// policy's keys"). Each event must be in the checkpoint's tree and signed by the key its author held at its seq by the
/// proven key history; each included entry must rest on a proven registration by its owner and on grants that cover the
/// run (licensee, use, window, commercial use, territory), an agent's under a proven mandate. What proofs of inclusion
/// cannot show is absence — a later revocation, dispute or compromise in the same checkpoint — which only the ledger
/// can answer (Test-LedgerManifest with a ledger re-derives every decision).
/// </summary>
public static class ManifestEvidenceCheck
{
    /// <param name="checkpoint">The manifest's pinned checkpoint, already verified (under a trust policy, witnessed).</param>
    public static ManifestEvidenceReport Check(TrainingManifest manifest, IdentityId signer, CheckpointBody checkpoint)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var bad = new List<string>();
        var included = new Dictionary<EventId, ProvenEvent>();
        foreach (var proven in manifest.Proofs)
        {
            var e = proven.Event;
            if (!proven.IsIncludedIn(checkpoint.Size, checkpoint.Root))
                bad.Add($"{e} (position {proven.Position}): its inclusion proof does not lead to the root of checkpoint {checkpoint.ToCheckpoint()}");
            else if (!e.HasValidSignature())
                bad.Add($"{e} (position {proven.Position}): its signature does not verify under {e.Key}");
            else included.TryAdd(e.Id, proven);
        }
        var keys = new KeyHistory(included.Values.Select(p => p.Event));
        var signerProblem = signer == manifest.Licensee || keys.HeldBy(manifest.Licensee).Contains(signer) ? null
            : $"the manifest is signed by {signer}, which no proven key history makes a key of the licensee {manifest.Licensee}";

        var registrations = new HashSet<(IdentityId Owner, WorkId Work)>();
        foreach (var e in included.Values.Select(p => p.Event))
            if (e.Type == EventTypes.WorkRegistered && WorkRegistered.TryRead(e.Data, out var registered, out _) && keys.Signs(e, out _))
                foreach (var work in registered.Works) registrations.Add((e.Stream, work.Work));
        var entries = new List<EntryEvidence>();
        foreach (var entry in manifest.Included)
        {
            var problem = ProblemOf(entry, manifest, included, registrations, keys);
            entries.Add(new EntryEvidence(entry, problem is null, problem));
        }
        return new ManifestEvidenceReport(signerProblem, bad, entries);
    }

    private static string? ProblemOf(ManifestEntry entry, TrainingManifest manifest, Dictionary<EventId, ProvenEvent> included,
        HashSet<(IdentityId, WorkId)> registrations, KeyHistory keys)
    {
        if (entry.Work is not { } work || entry.Owner is not { } owner) return "the entry names no work or owner";
        if (!registrations.Contains((owner, work))) return $"no proven registration of {work} by {owner}";
        if (entry.Grants.Count == 0) return "the entry names no grant";
        var request = new ConsentRequest(work, manifest.Licensee, manifest.Use, manifest.Commercial, manifest.Territory);
        foreach (var id in entry.Grants)
        {
            if (!included.TryGetValue(id, out var proven)) return $"grant {id} is not proven";
            var e = proven.Event;
            if (e.Type != EventTypes.LicenseGranted || !LicenseGranted.TryRead(e.Data, out var license, out _)) return $"{id} is not a license grant";
            if (!keys.Signs(e, out var keyProblem)) return $"grant {id}: {keyProblem}";
            if ((license.Owner ?? e.Stream) != owner) return $"grant {id} is for the works of {license.Owner ?? e.Stream}, not of {owner}";
            if (license.Works is { } works && !works.Contains(work)) return $"grant {id} does not name {work}";
            var grant = new Grant(id, e.Stream, owner, license, e.At, proven.Position);
            if (ConsentRules.FirstFailure(grant, request, manifest.DecidedAt) is { } failure) return $"grant {id} does not cover the run: {failure}";
            if (e.Stream != owner && !HasMandate(included.Values, keys, owner, proven, license))
                return $"grant {id} was signed by {e.Stream}, and no proven mandate of {owner} let it grant these works and uses";
        }
        return null;
    }

    private static bool HasMandate(IEnumerable<ProvenEvent> included, KeyHistory keys, IdentityId owner, ProvenEvent grant, LicenseGranted license)
    {
        var agent = grant.Event.Stream;
        var at = grant.Event.At;
        foreach (var proven in included)
        {
            var e = proven.Event;
            if (e.Stream != owner || e.Type != EventTypes.MandateGranted || !MandateGranted.TryRead(e.Data, out var mandate, out _)) continue;
            // Written before the grant, by the owner's key, to this agent, covering every work and use the grant gives.
            if (mandate.Agent != agent || e.At > at || proven.Position > grant.Position || !keys.Signs(e, out _)) continue;
            if (license.Uses.All(u => mandate.Covers(license.Works, u, at))) return true;
        }
        return false;
    }
}
