namespace CreatorLedger.Transparency;

/// <summary>What verifying a tlog-proof found: the signatures on its checkpoint, and whether it holds (and if not, why).</summary>
public sealed class TlogProofVerification
{
    internal TlogProofVerification(NoteVerification signatures, string? problem)
    {
        Signatures = signatures;
        Problem = problem;
    }

    /// <summary>The checkpoint note's signatures against the keys given.</summary>
    public NoteVerification Signatures { get; }

    /// <summary>Why the proof does not hold, or null.</summary>
    public string? Problem { get; }

    public bool IsValid => Problem is null;
}
