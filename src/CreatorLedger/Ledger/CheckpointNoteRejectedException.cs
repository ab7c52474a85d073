namespace CreatorLedger.Ledger;

/// <summary>Why a store refused to keep a signed checkpoint note.</summary>
public enum NoteRejection
{
    /// <summary>The ledger's origin was fixed by its first note, and this one names another.</summary>
    OtherOrigin,

    /// <summary>The note is of a size the ledger has not reached.</summary>
    BeyondHead,

    /// <summary>The note's root is not the ledger's root at its size: the note is of another ledger, or a fork.</summary>
    RootMismatch,
}

/// <summary>A store refused a signed checkpoint note; nothing was kept. <see cref="Expected"/> is what the ledger holds, <see cref="Actual"/> what the note says.</summary>
public sealed class CheckpointNoteRejectedException(NoteRejection reason, string expected, string actual, string message) : Exception(message)
{
    public NoteRejection Reason { get; } = reason;
    public string Expected { get; } = expected;
    public string Actual { get; } = actual;
}
