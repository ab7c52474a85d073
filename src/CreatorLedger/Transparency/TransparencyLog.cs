using CreatorLedger.Identity;
using CreatorLedger.Ledger;

namespace CreatorLedger.Transparency;

/// <summary>
/// The ledger as a transparency log (DESIGN §9): its operator signs checkpoints of the head as C2SP signed notes, the
/// store keeps every note (and the cosignatures witnesses add), and proofs of inclusion and consistency are read from
/// the store's tiles, each bound to a signed checkpoint so that it verifies offline with only verifier keys.
/// </summary>
public sealed class TransparencyLog(IEventStore store)
{
    /// <summary>
    /// Signs the head with the operator's key, under the ledger's origin (fixed by the first signature: <paramref name="origin"/>
    /// may then be omitted, and another is refused), and keeps the note. Signing the same head again gives the same note.
    /// </summary>
    public async Task<SignedCheckpoint> PublishAsync(SigningKey key, string? origin = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var kept = await AllAsync(cancellationToken).ConfigureAwait(false);
        var fixedOrigin = kept.Count > 0 ? kept[0].Body.Origin : null;
        if (fixedOrigin is not null && origin is not null && origin != fixedOrigin)
            throw new TransparencyException(TransparencyProblem.OriginMismatch,
                $"{store.Description} is the log of origin '{fixedOrigin}', fixed by its first signed checkpoint; it cannot sign as '{origin}'.");
        origin ??= fixedOrigin ?? throw new TransparencyException(TransparencyProblem.OriginRequired,
            $"{store.Description} has no signed checkpoint yet: name its origin the first time (for example -Origin ledger.society.example/creatorledger).");
        if ((NoteRules.KeyNameProblem(origin) ?? (origin.Contains('\n') ? "it holds a newline" : null)) is { } problem)
            throw new TransparencyException(TransparencyProblem.OriginRequired, $"'{origin}' cannot be a log origin: {problem}.");
        var signer = new NoteSigner(origin, key);
        if (kept.Count > 0 && !kept[^1].LogKey.Equals(signer.VerifierKey))
            throw new TransparencyException(TransparencyProblem.LogKeyMismatch,
                $"The checkpoints of {store.Description} are signed by {kept[^1].LogKey}; {key.Id} holds another key. Sign as the ledger's operator.");
        var head = await store.HeadAsync(cancellationToken).ConfigureAwait(false);
        var body = CheckpointBody.FromCheckpoint(origin, head);
        var note = signer.SignNote(body.Format());
        await store.AppendCheckpointNoteAsync(new CheckpointNote(origin, head, signer.VerifierKey.ToString(), note.ToBytes()), cancellationToken).ConfigureAwait(false);
        return await AtSizeAsync(head.Size, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The note just kept cannot be read back.");
    }

    /// <summary>
    /// Keeps the witnesses' cosignatures on a note of a checkpoint the log signed: only signatures not already kept, on
    /// exactly the text the log signed. Returns how many were new.
    /// </summary>
    public async Task<int> AddCosignaturesAsync(SignedCheckpoint signed, IEnumerable<NoteSignature> cosignatures, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signed);
        // Against what the store holds now: another run may have kept some of them meanwhile.
        signed = await AtSizeAsync(signed.Body.Size, cancellationToken).ConfigureAwait(false) ?? signed;
        var known = signed.Note.Signatures.Select(s => s.ToString()).ToHashSet(StringComparer.Ordinal);
        var added = cosignatures.Where(c => known.Add(c.ToString())).ToList();
        if (added.Count == 0) return 0;
        var note = added.Aggregate(signed.Note, (n, c) => n.WithSignature(c));
        await store.AppendCheckpointNoteAsync(new CheckpointNote(signed.Body.Origin, signed.Checkpoint, signed.LogKey.ToString(), note.ToBytes()), cancellationToken)
            .ConfigureAwait(false);
        return added.Count;
    }

    /// <summary>Every signed checkpoint, smallest first, each with all the signatures kept for it.</summary>
    public async Task<IReadOnlyList<SignedCheckpoint>> AllAsync(CancellationToken cancellationToken = default)
    {
        var bySize = new SortedDictionary<long, SignedCheckpoint>();
        await foreach (var kept in store.ReadCheckpointNotesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!SignedNote.TryParse(kept.Note.Bytes, out var note, out var problem) || !CheckpointBody.TryParse(note.Text, out var body)
                || !NoteVerifierKey.TryParse(kept.Note.LogKey, out var logKey))
                throw new LedgerStoreException($"The signed checkpoint note {kept.Number} in {store.Description} is damaged: {problem ?? "not a checkpoint"}.");
            if (!bySize.TryGetValue(body.Size, out var merged))
            {
                bySize[body.Size] = new SignedCheckpoint(note, body, logKey, kept.Recorded);
                continue;
            }
            // The store refused any note whose root is not the ledger's, so notes of one size hold one text.
            bySize[body.Size] = new SignedCheckpoint(Merge(merged.Note, note.Signatures), merged.Body, merged.LogKey, merged.Recorded);
        }
        return [.. bySize.Values];
    }

    /// <summary>The newest signed checkpoint, or null before any was signed.</summary>
    public async Task<SignedCheckpoint?> LatestAsync(CancellationToken cancellationToken = default) =>
        (await AllAsync(cancellationToken).ConfigureAwait(false)) is { Count: > 0 } all ? all[^1] : null;

    public async Task<SignedCheckpoint?> AtSizeAsync(long size, CancellationToken cancellationToken = default) =>
        (await AllAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Body.Size == size);

    /// <summary>
    /// A C2SP tlog-proof of the event at <paramref name="position"/> in the signed checkpoint of <paramref name="size"/>
    /// (default: the newest signed one), its extra data the event id (the leaf is SHA-256(0x00 ‖ id)).
    /// </summary>
    public async Task<TlogProof> InclusionProofAsync(long position, long? size = null, CancellationToken cancellationToken = default)
    {
        var signed = await SignedAtAsync(size, cancellationToken).ConfigureAwait(false);
        if (position < 1 || position > signed.Body.Size)
            throw new TransparencyException(TransparencyProblem.OutOfRange, position > signed.Body.Size && size is null
                ? $"The event at position {position} is after the newest signed checkpoint ({signed.Checkpoint}): publish a checkpoint first (Publish-LedgerCheckpoint)."
                : $"There is no event at position {position} in the signed checkpoint {signed.Checkpoint}.");
        var path = MerkleProofs.InclusionPath(position - 1, signed.Body.Size);
        var hashes = await store.SubtreeHashesAsync(path, cancellationToken).ConfigureAwait(false);
        var id = await LeafAsync(position, cancellationToken).ConfigureAwait(false);
        return new TlogProof(position - 1, hashes, signed.Note, id);
    }

    /// <summary>A consistency proof from the ledger at <paramref name="oldSize"/> to the signed checkpoint of <paramref name="size"/> (default: the newest signed one).</summary>
    public async Task<ConsistencyProof> ConsistencyProofAsync(long oldSize, long? size = null, CancellationToken cancellationToken = default)
    {
        var signed = await SignedAtAsync(size, cancellationToken).ConfigureAwait(false);
        if (oldSize < 0 || oldSize > signed.Body.Size)
            throw new TransparencyException(TransparencyProblem.OutOfRange,
                $"A consistency proof goes from a smaller size to a larger one: {oldSize} is not between 0 and the signed checkpoint's {signed.Body.Size}.");
        if (oldSize == 0) return new ConsistencyProof(0, MerkleProofs.EmptyRoot(), [], signed.Note);
        // The old root and the proof in one read of the tiles they share.
        var hashes = await store.SubtreeHashesAsync([new TreeRange(0, oldSize), .. MerkleProofs.ConsistencyPath(oldSize, signed.Body.Size)], cancellationToken)
            .ConfigureAwait(false);
        return new ConsistencyProof(oldSize, hashes[0], hashes.Skip(1), signed.Note);
    }

    /// <summary>The proof hashes a witness at <paramref name="oldSize"/> needs to accept the checkpoint of <paramref name="size"/>.</summary>
    public async Task<IReadOnlyList<byte[]>> ConsistencyHashesAsync(long oldSize, long size, CancellationToken cancellationToken = default) =>
        oldSize == 0 || oldSize == size ? [] : await store.SubtreeHashesAsync(MerkleProofs.ConsistencyPath(oldSize, size), cancellationToken).ConfigureAwait(false);

    private async Task<SignedCheckpoint> SignedAtAsync(long? size, CancellationToken cancellationToken)
    {
        var signed = size is { } s ? await AtSizeAsync(s, cancellationToken).ConfigureAwait(false) : await LatestAsync(cancellationToken).ConfigureAwait(false);
        return signed ?? throw new TransparencyException(TransparencyProblem.CheckpointNotSigned, size is null
            ? $"{store.Description} has no signed checkpoint: the operator signs one with Publish-LedgerCheckpoint."
            : $"{store.Description} has no signed checkpoint of size {size}; Get-LedgerCheckpoint -Signed -All lists those it has.");
    }

    /// <summary>
    /// The note with more signatures: each log signature once, and of each witness only its newest cosignature (a witness
    /// cosigns the same checkpoint again when asked again; the newest says how recently it was seen).
    /// </summary>
    private static SignedNote Merge(SignedNote note, IEnumerable<NoteSignature> more)
    {
        var all = note.Signatures.Concat(more).DistinctBy(s => s.ToString()).ToList();
        var newest = all.Select(s => Cosignature.TryFrom(s, out var c) ? (Signature: s, Cosignature: c) : default)
            .Where(x => x.Cosignature is not null)
            .GroupBy(x => (x.Cosignature!.Name, x.Cosignature.KeyId))
            .Select(g => g.MaxBy(x => x.Cosignature!.Timestamp).Signature)
            .ToHashSet();
        return SignedNote.Create(note.Text, all.Where(s => !Cosignature.TryFrom(s, out _) || newest.Contains(s)));
    }

    private async Task<byte[]> LeafAsync(long position, CancellationToken cancellationToken)
    {
        var ids = await store.ReadIdsAsync(position, 1, cancellationToken).ConfigureAwait(false);
        return ids.Count == 1 ? ids[0] : throw new TransparencyException(TransparencyProblem.OutOfRange, $"There is no event at position {position}.");
    }
}
