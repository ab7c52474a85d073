namespace CreatorLedger;

/// <summary>A proof read from the ledger: an event's inclusion in a signed checkpoint, or an older size's consistency with one.</summary>
public sealed class LedgerProof
{
    /// <summary>Inclusion or Consistency.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The event's position (inclusion proofs).</summary>
    public long? Position { get; init; }

    public string? EventId { get; init; }

    /// <summary>The older checkpoint, size:root (consistency proofs).</summary>
    public string? From { get; init; }

    /// <summary>The signed checkpoint the proof is bound to, size:root.</summary>
    public string Checkpoint { get; init; } = "";

    public int Hashes { get; init; }

    /// <summary>The file written, when -OutFile was given.</summary>
    public string? Path { get; init; }

    /// <summary>The proof file's text (tlog-proof, or CreatorLedger's consistency proof).</summary>
    public string Text { get; init; } = "";

    public override string ToString() => Text;
}
