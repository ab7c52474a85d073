using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Transparency;

namespace CreatorLedger.Manifests;

/// <summary>
/// The events a manifest's included entries rest on (DESIGN §9, "manifests … may carry inclusion proofs"), gathered from
/// the ledger with their inclusion proofs at the manifest's checkpoint: each entry's registration by its owner, each of
/// its grants, the mandate an agent granted under, and the key history of every author involved (creation, rotations,
/// compromises), so that an offline verifier can tell which key signed for whom. See <see cref="ManifestEvidenceCheck"/>.
/// </summary>
public static class ManifestEvidence
{
    // Proof paths of this many events are read from the tiles in one call: they share the upper levels of the tree.
    private const int ProofBatch = 64;

    /// <param name="licenses">The ledger as the manifest's decisions saw it (its view at the manifest's checkpoint).</param>
    /// <param name="size">The manifest's checkpoint size: every proof is in that tree.</param>
    public static async Task<IReadOnlyList<ProvenEvent>> CollectAsync(IEnumerable<ManifestEntry> entries, IdentityId licensee,
        LicenseView licenses, IEventStore store, long size, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(licenses);
        ArgumentNullException.ThrowIfNull(store);
        var projection = licenses.Projection;
        var wanted = new HashSet<(IdentityId Stream, long Seq)>();
        var authors = new HashSet<IdentityId>();
        foreach (var entry in entries)
        {
            if (!entry.IsIncluded || entry.Work is not { } work || entry.Owner is not { } owner) continue;
            var claim = licenses.ClaimsOf(work).FirstOrDefault(c => c.Claimant == owner)
                ?? throw new InvalidOperationException($"The ledger holds no registration of {work} by {owner} at the manifest's checkpoint.");
            wanted.Add((owner, claim.Seq));
            authors.Add(owner);
            foreach (var id in entry.Grants)
            {
                var fact = projection.FindGrantFact(id) ?? throw new InvalidOperationException($"The ledger holds no grant {id}.");
                var grant = fact.Grant;
                wanted.Add((grant.Signer, fact.Seq));
                authors.Add(grant.Signer);
                if (grant.Signer == grant.Owner) continue;
                // The mandate the projection let the agent grant under, judged as it was when the grant was written.
                var mandate = projection.MandateFor(grant.Signer, grant.Owner, grant.License.Works, grant.License.Uses, grant.At)
                    ?? throw new InvalidOperationException($"The ledger holds no mandate for grant {id}.");
                wanted.Add((mandate.Owner, mandate.Seq));
            }
        }
        // The key history of each author within the checkpoint, when it has one: the creation (it names the recovery key),
        // then every rotation and compromise. The licensee's too, as the manifest may be signed by a later key.
        authors.Add(licensee);
        foreach (var author in authors)
        {
            if (projection.FindStream(author) is not { } stream || !stream.KeyChanges.Exists(c => c.Position <= size)) continue;
            if (stream.Created is { } created && created.Position <= size) wanted.Add((author, created.Seq));
            foreach (var change in stream.KeyChanges)
                if (change.Position <= size) wanted.Add((author, change.Seq));
        }

        var events = new List<RecordedEvent>(wanted.Count);
        foreach (var (stream, seq) in wanted)
        {
            var found = await store.FindAsync(stream, seq, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{store.Description} has no event {stream} seq {seq}.");
            if (found.Position > size) throw new InvalidOperationException($"The event {found.Event} is after the checkpoint of size {size}.");
            events.Add(found);
            progress?.Report(events.Count);
        }
        events.Sort((a, b) => a.Position.CompareTo(b.Position));

        var proven = new List<ProvenEvent>(events.Count);
        for (int start = 0; start < events.Count; start += ProofBatch)
        {
            var batch = events.GetRange(start, Math.Min(ProofBatch, events.Count - start));
            var paths = batch.Select(e => MerkleProofs.InclusionPath(e.Position - 1, size)).ToList();
            var hashes = await store.SubtreeHashesAsync([.. paths.SelectMany(p => p)], cancellationToken).ConfigureAwait(false);
            int next = 0;
            for (int i = 0; i < batch.Count; i++)
            {
                proven.Add(new ProvenEvent(batch[i].Event, batch[i].Position - 1, hashes.Skip(next).Take(paths[i].Count)));
                next += paths[i].Count;
            }
        }
        return proven;
    }
}
