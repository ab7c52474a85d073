namespace CreatorLedger.Transparency;

/// <summary>
/// A checkpoint the log signed, with every signature kept for it: the log's, and the witnesses' cosignatures collected
/// since (kept as notes of their own; here merged into one note, log signature first).
/// </summary>
public sealed class SignedCheckpoint
{
    internal SignedCheckpoint(SignedNote note, CheckpointBody body, NoteVerifierKey logKey, LedgerTime? recorded)
    {
        Note = note;
        Body = body;
        LogKey = logKey;
        Recorded = recorded;
    }

    public SignedNote Note { get; }

    public CheckpointBody Body { get; }

    public Checkpoint Checkpoint => Body.ToCheckpoint();

    /// <summary>The log's verifier key (signed-note <c>name+id+key</c>).</summary>
    public NoteVerifierKey LogKey { get; }

    /// <summary>When the store first kept a note of this checkpoint (null for one read from a file).</summary>
    public LedgerTime? Recorded { get; }

    /// <summary>The witnesses' cosignatures on the note (not yet verified: a policy says whose count).</summary>
    public IReadOnlyList<Cosignature> Cosignatures =>
        [.. Note.Signatures.Select(s => Cosignature.TryFrom(s, out var c) ? c : null).OfType<Cosignature>()];

    public override string ToString() => Note.ToString();
}
