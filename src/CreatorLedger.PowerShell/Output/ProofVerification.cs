namespace CreatorLedger;

/// <summary>What Test-LedgerProof found: valid or not, why, and what the proof is about.</summary>
public sealed class ProofVerification
{
    public bool Valid { get; init; }
    public string Kind { get; init; } = "";
    public string? Problem { get; init; }
    public string Origin { get; init; } = "";

    /// <summary>The signed checkpoint, size:root.</summary>
    public string Checkpoint { get; init; } = "";
    public long? Position { get; init; }
    public string? EventId { get; init; }

    /// <summary>The older checkpoint a consistency proof starts from, size:root.</summary>
    public string? From { get; init; }

    /// <summary>The keys whose signatures verified (log and witnesses), as name+id.</summary>
    public string[] SignedBy { get; init; } = [];

    public string Path { get; init; } = "";
}
