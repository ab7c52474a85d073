namespace CreatorLedger.Transparency;

/// <summary>A witness to submit to: where it listens, and, when a policy names it, its name and cosigner key.</summary>
public sealed record WitnessEndpoint(Uri Url, string? Name = null, NoteVerifierKey? Key = null)
{
    public static IReadOnlyList<WitnessEndpoint> Of(TrustPolicy policy) =>
        [.. policy.Witnesses.Where(w => w.Url is not null).Select(w => new WitnessEndpoint(new Uri(w.Url!), w.Name, w.Key))];
}

/// <summary>What one witness did with the checkpoint.</summary>
public enum SubmissionStatus
{
    Cosigned,

    /// <summary>It answered, but not with a cosignature (refusal, garbage, or a cosignature that does not verify).</summary>
    Refused,

    /// <summary>It could not be reached.</summary>
    Unreachable,

    /// <summary>It has cosigned a larger checkpoint of this log than the one submitted: this ledger is behind what it witnessed.</summary>
    Ahead,
}

/// <summary>One witness's outcome, with the evidence: the size it was proven from and its answer.</summary>
public sealed record SubmissionOutcome(WitnessEndpoint Witness, SubmissionStatus Status, long OldSize, string Message, IReadOnlyList<NoteSignature> Cosignatures);

/// <summary>
/// Sends the log's newest signed checkpoint to each witness with the consistency proof it needs (C2SP tlog-witness:
/// from the size the witness last cosigned; a 409 names that size, and the proof is made again from it), verifies each
/// cosignature with the witness's key when it is known, and keeps the cosignatures with the note. A witness that is down
/// or refuses does not stop the others.
/// </summary>
public static class WitnessSubmission
{
    public static async Task<IReadOnlyList<SubmissionOutcome>> SubmitAsync(TransparencyLog log, SignedCheckpoint signed, IReadOnlyList<WitnessEndpoint> witnesses,
        WitnessClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(signed);
        ArgumentNullException.ThrowIfNull(client);
        var submitted = SignedNote.Create(signed.Note.Text, signed.Note.Signatures.Where(s => !Cosignature.TryFrom(s, out _)));
        var outcomes = new List<SubmissionOutcome>();
        foreach (var witness in witnesses)
        {
            var outcome = await SubmitOneAsync(log, signed, submitted, witness, client, cancellationToken).ConfigureAwait(false);
            if (outcome.Status == SubmissionStatus.Cosigned) await log.AddCosignaturesAsync(signed, outcome.Cosignatures, cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome);
        }
        return outcomes;
    }

    private static async Task<SubmissionOutcome> SubmitOneAsync(TransparencyLog log, SignedCheckpoint signed, SignedNote note, WitnessEndpoint witness, WitnessClient client,
        CancellationToken cancellationToken)
    {
        long size = signed.Body.Size;
        long oldSize = witness.Key is { } known ? await LastCosignedByAsync(log, known, cancellationToken).ConfigureAwait(false) : 0;
        for (int attempt = 0; ; attempt++)
        {
            var proof = await log.ConsistencyHashesAsync(oldSize, size, cancellationToken).ConfigureAwait(false);
            var result = await client.AddCheckpointAsync(witness.Url, oldSize, proof, note, cancellationToken).ConfigureAwait(false);
            switch (result)
            {
                case WitnessCosigned cosigned:
                    var lines = cosigned.Cosignatures;
                    if (witness.Key is { } key)
                    {
                        lines = [.. lines.Where(l => l.Name == key.Name && l.KeyId == key.KeyId)];
                        if (lines.Count == 0 || !lines.All(l => Cosignature.TryFrom(l, out var c) && c.Verify(key, signed.Body)))
                            return new SubmissionOutcome(witness, SubmissionStatus.Refused, oldSize,
                                $"{witness.Url} answered with no cosignature that verifies with {key}.", []);
                    }
                    return new SubmissionOutcome(witness, SubmissionStatus.Cosigned, oldSize, $"{witness.Url} cosigned {signed.Checkpoint}.", lines);
                case WitnessConflict conflict when conflict.LatestSize > size:
                    return new SubmissionOutcome(witness, SubmissionStatus.Ahead, oldSize,
                        $"{witness.Url} has cosigned a checkpoint of {conflict.LatestSize} events of this log, more than the {size} signed here: this ledger lacks {conflict.LatestSize - size} events the witness has seen.", []);
                case WitnessConflict conflict when attempt == 0:
                    oldSize = conflict.LatestSize;
                    continue;
                case WitnessConflict conflict:
                    return new SubmissionOutcome(witness, SubmissionStatus.Refused, oldSize, $"{witness.Url} named its size as {conflict.LatestSize} twice; giving up.", []);
                case WitnessRefused { Reason: WitnessRefusal.Unreachable } down:
                    return new SubmissionOutcome(witness, SubmissionStatus.Unreachable, oldSize, $"{witness.Url} cannot be reached: {down.Message}", []);
                case WitnessRefused refused:
                    return new SubmissionOutcome(witness, SubmissionStatus.Refused, oldSize,
                        $"{witness.Url} refused the checkpoint ({(refused.StatusCode is { } code ? $"{code}, " : "")}{refused.Reason}): {refused.Message}", []);
                default:
                    throw new InvalidOperationException($"Unknown witness result {result.GetType().Name}.");
            }
        }
    }

    /// <summary>The largest signed checkpoint of this log that the witness cosigned, as far as this store knows (0 if none).</summary>
    private static async Task<long> LastCosignedByAsync(TransparencyLog log, NoteVerifierKey witness, CancellationToken cancellationToken) =>
        (await log.AllAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.Cosignatures.Any(s => s.Name == witness.Name && s.KeyId == witness.KeyId))
            .Select(c => c.Body.Size).DefaultIfEmpty(0).Max();
}
