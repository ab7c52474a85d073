using CreatorLedger.Ledger;

namespace CreatorLedger.Transparency;

/// <summary>
/// What a mirror does with a source's signed checkpoints (DESIGN §9, "forks are evidence"): before copying anything, it
/// checks the notes the source serves against those it verified before (same log key; the same root at the same size;
/// the source's newest proven consistent with its own newest by the source's tiles), and refuses a fork, saving both
/// notes; after copying the events, it keeps the source's notes too, so it remembers what it verified.
/// </summary>
public static class CheckpointMirror
{
    /// <summary>The signed checkpoints a source serves, each verified with the log key it names (a damaged or unsigned note is refused).</summary>
    public static async Task<IReadOnlyList<SignedCheckpoint>> ServedByAsync(IEventStore source, CancellationToken cancellationToken = default)
    {
        var served = await new TransparencyLog(source).AllAsync(cancellationToken).ConfigureAwait(false);
        foreach (var checkpoint in served)
            if (checkpoint.Note.Verify([checkpoint.LogKey]) is { IsValid: false } verification)
                throw new TransparencyException(TransparencyProblem.NotVerified,
                    $"{source.Description} serves a signed checkpoint {checkpoint.Checkpoint} that its log key {checkpoint.LogKey} does not verify: {verification.Problem}.");
        return served;
    }

    /// <summary>
    /// Refuses a source that serves a fork of what <paramref name="destination"/> verified (a <see cref="ForkDetectedException"/>
    /// naming the folder under <paramref name="evidenceFolder"/> where both notes are saved), or whose checkpoints another key signed.
    /// <paramref name="source"/> gives the consistency proof of its newest checkpoint; null for a file (its events are then
    /// checked against the mirror's as they are read).
    /// </summary>
    public static async Task CheckAsync(IReadOnlyList<SignedCheckpoint> served, IEventStore destination, IEventStore? source, string sourceName,
        string evidenceFolder, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var held = await new TransparencyLog(destination).AllAsync(cancellationToken).ConfigureAwait(false);
        if (held.Count == 0 || served.Count == 0) return;
        var trusted = held[^1];
        if (served.FirstOrDefault(s => !s.LogKey.Equals(trusted.LogKey) || s.Body.Origin != trusted.Body.Origin) is { } stranger)
            throw new TransparencyException(TransparencyProblem.LogKeyMismatch,
                $"{sourceName} serves checkpoints of '{stranger.Body.Origin}' signed by {stranger.LogKey}; {destination.Description} verified those of '{trusted.Body.Origin}' signed by {trusted.LogKey}. Nothing was copied.");
        var bySize = served.ToDictionary(s => s.Body.Size);
        foreach (var mine in held)
            if (bySize.TryGetValue(mine.Body.Size, out var theirs) && theirs.Checkpoint != mine.Checkpoint)
                throw Fork(new ForkEvidence(mine, theirs,
                    $"{sourceName} serves a signed checkpoint {theirs.Checkpoint} of the same size as {mine.Checkpoint}, which {destination.Description} verified."), evidenceFolder, clock);
        var newest = served[^1];
        if (source is null || newest.Body.Size <= trusted.Body.Size) return;
        var hashes = await source.SubtreeHashesAsync(MerkleProofs.ConsistencyPath(trusted.Body.Size, newest.Body.Size), cancellationToken).ConfigureAwait(false);
        if (!MerkleProofs.VerifyConsistency(trusted.Body.Size, newest.Body.Size, trusted.Body.Root, newest.Body.Root, hashes))
            throw Fork(new ForkEvidence(trusted, newest,
                $"{sourceName}'s newest signed checkpoint {newest.Checkpoint} does not extend {trusted.Checkpoint}, which {destination.Description} verified: its consistency proof fails."), evidenceFolder, clock);
    }

    /// <summary>Keeps the source's notes in the destination (each checked there against its own events); returns how many were new.</summary>
    public static async Task<int> CopyAsync(IReadOnlyList<SignedCheckpoint> served, IEventStore destination, CancellationToken cancellationToken = default)
    {
        var head = await destination.HeadAsync(cancellationToken).ConfigureAwait(false);
        int kept = 0;
        foreach (var checkpoint in served.Where(s => s.Body.Size <= head.Size))
            if (await destination.AppendCheckpointNoteAsync(new CheckpointNote(checkpoint.Body.Origin, checkpoint.Checkpoint, checkpoint.LogKey.ToString(),
                    checkpoint.Note.ToBytes()), cancellationToken).ConfigureAwait(false))
                kept++;
        return kept;
    }

    private static ForkDetectedException Fork(ForkEvidence evidence, string folder, TimeProvider clock) =>
        new(evidence, evidence.Save(folder, clock.GetUtcNow()));
}
