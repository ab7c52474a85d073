namespace CreatorLedger.Ledger;

public abstract partial class LedgerStore
{
    /// <summary>Every kept note, in the order kept.</summary>
    public abstract IAsyncEnumerable<RecordedCheckpointNote> ReadCheckpointNotesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps a signed checkpoint note, append-only, under the store's write lock: its origin must be the ledger's (the
    /// first note kept fixes it), and its checkpoint must be the ledger's own at that size. A note already kept, byte for
    /// byte, is not kept twice (returns false), so mirrors and re-imports may hand the same notes again.
    /// </summary>
    public async Task<bool> AppendCheckpointNoteAsync(CheckpointNote note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        try
        {
            // A written prefix never changes, so the note's checkpoint is checked before the lock (which reads of the
            // tree may need themselves); only the origin and what is kept are read under it.
            var head = await HeadAsync(cancellationToken).ConfigureAwait(false);
            if (note.Checkpoint.Size > head.Size)
                throw new CheckpointNoteRejectedException(NoteRejection.BeyondHead, head.ToString(), note.Checkpoint.ToString(),
                    $"The note is of checkpoint {note.Checkpoint}, beyond the {head.Size} events {Description} holds.");
            var own = await CheckpointAtAsync(note.Checkpoint.Size, cancellationToken).ConfigureAwait(false);
            if (own != note.Checkpoint)
                throw new CheckpointNoteRejectedException(NoteRejection.RootMismatch, own.ToString(), note.Checkpoint.ToString(),
                    $"The note says the ledger at size {note.Checkpoint.Size} is {note.Checkpoint}, but {Description} holds {own} there: it is not a note of this ledger.");
            await using var transaction = await BeginAppendAsync(cancellationToken).ConfigureAwait(false);
            var origin = await transaction.OriginAsync(cancellationToken).ConfigureAwait(false);
            if (origin is not null && origin != note.Origin)
                throw new CheckpointNoteRejectedException(NoteRejection.OtherOrigin, origin, note.Origin,
                    $"{Description} is the ledger of origin '{origin}' (fixed by its first signed checkpoint); a note of origin '{note.Origin}' is refused.");
            if (await transaction.HoldsNoteAsync(note, cancellationToken).ConfigureAwait(false)) return false;
            await transaction.CommitNoteAsync(note, LedgerTime.From(Clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not (CheckpointNoteRejectedException or LedgerStoreException or OperationCanceledException) && Translate(e) is { } failure)
        {
            throw failure;
        }
    }
}
