namespace CreatorLedger.Transparency;

/// <summary>What kind of proof a file holds.</summary>
public enum ProofKind
{
    /// <summary>A C2SP tlog-proof: an event is in a signed checkpoint.</summary>
    Inclusion,

    /// <summary>An older tree is a prefix of a signed checkpoint.</summary>
    Consistency,
}

/// <summary>The outcome of checking a proof file offline, with its evidence.</summary>
public sealed record ProofCheckResult(
    ProofKind Kind,
    string? Problem,
    CheckpointBody Checkpoint,
    long? Position,
    EventId? Event,
    Checkpoint? Old,
    IReadOnlyList<NoteVerifierKey> Verified)
{
    public bool IsValid => Problem is null;
}

/// <summary>
/// Checks a proof file (tlog-proof or consistency proof) offline with only verifier keys, or under a trust policy
/// (log key for the origin, witness quorum): the one check behind Test-LedgerProof and any other host.
/// </summary>
public static class ProofCheck
{
    /// <summary>Whether <paramref name="text"/> starts as a proof file does; false for anything else (the caller says what it is).</summary>
    public static ProofKind? KindOf(string text) =>
        text.StartsWith(TlogProof.Header + "\n", StringComparison.Ordinal) ? ProofKind.Inclusion
        : text.StartsWith(ConsistencyProof.Header + "\n", StringComparison.Ordinal) ? ProofKind.Consistency
        : null;

    /// <summary>
    /// Verifies the proof in <paramref name="text"/>. <paramref name="expected"/>, when given, must be the event the proof
    /// is of (an inclusion proof names its event id as extra data; one without it needs <paramref name="expected"/>).
    /// Throws <see cref="FormatException"/> for a file that is not a proof.
    /// </summary>
    public static ProofCheckResult Verify(string text, IReadOnlyList<NoteVerifierKey> keys, TrustPolicy? policy, EventId? expected = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keys);
        var known = policy is null ? keys : [.. keys, .. policy.LogKeys, .. policy.WitnessKeys];
        switch (KindOf(text))
        {
            case ProofKind.Inclusion:
                if (!TlogProof.TryParse(text, out var inclusion, out var problem)) throw new FormatException($"Not a tlog-proof: {problem}.");
                EventId? named = inclusion.HasExtra && inclusion.Extra.Length == 32 ? EventId.FromHash(inclusion.Extra) : null;
                var leaf = expected ?? named;
                string? failure = leaf is null ? "the proof does not name its event: give the event id it is for"
                    : named is { } n && expected is { } e && n != e ? $"the proof is of event {n}, not {e}"
                    : null;
                var verification = inclusion.Verify(MerkleProofs.LeafHash(leaf?.ToBytes() ?? new byte[32]), known);
                failure ??= verification.Problem ?? QuorumProblem(policy, inclusion.Checkpoint, verification.Signatures);
                return new ProofCheckResult(ProofKind.Inclusion, failure, inclusion.Checkpoint, inclusion.Index + 1, leaf, null, verification.Signatures.Verified);
            case ProofKind.Consistency:
                if (!ConsistencyProof.TryParse(text, out var consistency, out problem)) throw new FormatException($"Not a consistency proof: {problem}.");
                var signatures = consistency.Note.Verify(known);
                var why = consistency.Verify(known) ?? QuorumProblem(policy, consistency.Checkpoint, signatures);
                return new ProofCheckResult(ProofKind.Consistency, why, consistency.Checkpoint, null, null, consistency.Old, signatures.Verified);
            default:
                throw new FormatException($"Not a proof: the first line is neither '{TlogProof.Header}' nor '{ConsistencyProof.Header}'.");
        }
    }

    private static string? QuorumProblem(TrustPolicy? policy, CheckpointBody checkpoint, NoteVerification signatures)
    {
        if (policy is null) return null;
        if (policy.LogKeysFor(checkpoint.Origin).Count == 0) return $"the policy trusts no log with origin '{checkpoint.Origin}'";
        return policy.IsQuorumMet(signatures.Verified) ? null : "the witness cosignatures do not meet the policy's quorum";
    }
}
