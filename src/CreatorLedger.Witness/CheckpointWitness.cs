using CreatorLedger.Transparency;

namespace CreatorLedger.Witness;

/// <summary>
/// The witnessing rules of C2SP tlog-witness v1 <c>add-checkpoint</c>, without HTTP: parse the request, verify the log's
/// signature, check the old size against the state, verify consistency, then store the new latest checkpoint and, only after
/// the commit, hand out a tlog-cosignature/v1 timestamped by the injected clock.
/// </summary>
/// <remarks>
/// The checks run in the spec's order: malformed (400), unknown origin (404), signature (403), old size above the checkpoint
/// size (400); then under the state's write lock: old size ≠ latest (409), a size-0 checkpoint not the empty tree (422), a
/// proof after old size 0 (422), equal sizes with another root (422), a proof that does not verify (422).
/// </remarks>
public sealed class CheckpointWitness
{
    private static readonly byte[] EmptyRoot = MerkleProofs.EmptyRoot();

    private readonly NoteSigner _signer;
    private readonly Dictionary<string, WitnessedLog> _logs;
    private readonly WitnessState _state;
    private readonly TimeProvider _time;
    private readonly Action? _beforeWrite;

    /// <param name="signer">The witness's name and key (borrowed; the caller disposes the key).</param>
    /// <param name="logs">The logs it witnesses; one entry per origin.</param>
    /// <param name="state">Where the latest checkpoints live.</param>
    /// <param name="time">The clock of the cosignature timestamps.</param>
    /// <param name="beforeWrite">A test fault hook: runs after every check passed, before the state is written.</param>
    public CheckpointWitness(NoteSigner signer, IEnumerable<WitnessedLog> logs, WitnessState state, TimeProvider time, Action? beforeWrite = null)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(time);
        _logs = new Dictionary<string, WitnessedLog>(StringComparer.Ordinal);
        foreach (var log in logs)
            if (!_logs.TryAdd(log.Origin, log)) throw new ArgumentException($"Log '{log.Origin}' is listed twice.", nameof(logs));
        _signer = signer;
        _state = state;
        _time = time;
        _beforeWrite = beforeWrite;
    }

    /// <summary>The vkey of this witness's cosignatures (type 0x04), for trust policies.</summary>
    public NoteVerifierKey CosignerKey => _signer.CosignerKey;

    public IReadOnlyCollection<WitnessedLog> Logs => _logs.Values;

    /// <summary>Judges one <c>add-checkpoint</c> request body.</summary>
    public WitnessOutcome AddCheckpoint(ReadOnlySpan<byte> requestBody)
    {
        if (!AddCheckpointRequest.TryParse(requestBody, out var request, out var problem))
            return WitnessOutcome.Refused(WitnessVerdict.Malformed, problem);
        return AddCheckpoint(request);
    }

    /// <summary>Judges one parsed <c>add-checkpoint</c> request.</summary>
    public WitnessOutcome AddCheckpoint(AddCheckpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var checkpoint = request.Checkpoint;
        if (!_logs.TryGetValue(checkpoint.Origin, out var log))
            return WitnessOutcome.Refused(WitnessVerdict.UnknownOrigin, $"origin '{checkpoint.Origin}' is not witnessed here");
        var verification = request.Note.Verify(log.Keys);
        if (!verification.IsValid)
            return WitnessOutcome.Refused(WitnessVerdict.BadSignature, verification.Problem!);
        if (request.OldSize > checkpoint.Size)
            return WitnessOutcome.Refused(WitnessVerdict.Malformed, $"old size {request.OldSize} is larger than the checkpoint size {checkpoint.Size}");

        return _state.Decide(checkpoint.Origin, latest =>
        {
            var latestSize = latest?.Size ?? 0;
            var latestRoot = latest is null ? EmptyRoot : latest.Root.ToArray();
            if (request.OldSize != latestSize) return (WitnessOutcome.Conflict(latestSize, request.OldSize), null);
            if (Inconsistency(request, latestRoot) is { } inconsistency)
                return (WitnessOutcome.Refused(WitnessVerdict.Inconsistent, inconsistency), null);

            var cosignature = _signer.Cosign(checkpoint, Timestamp());
            // Served to monitors: the log signatures the witness verified, then its own cosignature.
            var logSignatures = request.Note.Signatures.Where(s => verification.Verified.Any(k => k.KeyId == s.KeyId && k.Name == s.Name));
            var served = SignedNote.Create(request.Note.Text, [.. logSignatures, cosignature]);
            _beforeWrite?.Invoke();
            return (WitnessOutcome.Cosigned(checkpoint.Size, cosignature), new WitnessRecord(checkpoint.Origin, checkpoint.Size, checkpoint.Root, served));
        });
    }

    /// <summary>The latest checkpoint this witness cosigned for <paramref name="origin"/> (with its cosignature), or null.</summary>
    public SignedNote? Latest(string origin) => _state.Latest(origin)?.Note;

    private static string? Inconsistency(AddCheckpointRequest request, byte[] latestRoot)
    {
        var checkpoint = request.Checkpoint;
        if (checkpoint.Size == 0 && !checkpoint.Root.SequenceEqual(EmptyRoot))
            return "a checkpoint of size 0 must have the empty tree's root (SHA-256 of nothing)";
        if (request.OldSize == 0 && request.ConsistencyProof.Count > 0)
            return "old size 0 takes an empty consistency proof";
        if (request.OldSize == checkpoint.Size && !checkpoint.Root.SequenceEqual(latestRoot))
            return $"size {checkpoint.Size} has root {Convert.ToBase64String(latestRoot)} here, not {Convert.ToBase64String(checkpoint.Root)}";
        if (!MerkleProofs.VerifyConsistency(request.OldSize, checkpoint.Size, latestRoot, checkpoint.Root, request.ConsistencyProof))
            return $"the consistency proof from size {request.OldSize} (root {Convert.ToBase64String(latestRoot)}) to size {checkpoint.Size} does not verify";
        return null;
    }

    private ulong Timestamp()
    {
        // tlog-witness: the cosignature's timestamp MUST NOT be zero.
        var seconds = _time.GetUtcNow().ToUnixTimeSeconds();
        if (seconds <= 0) throw new InvalidOperationException("The witness's clock reads before 1970-01-01T00:00:01Z; it cannot timestamp a cosignature.");
        return (ulong)seconds;
    }
}
