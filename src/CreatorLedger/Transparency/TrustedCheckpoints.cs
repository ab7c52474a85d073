namespace CreatorLedger.Transparency;

/// <summary>
/// Decides at the checkpoint a trust policy accepts, not at whatever head a source serves (DESIGN §9): the newest signed
/// checkpoint whose log signature is the policy's and whose cosignatures meet its quorum; refused (fail closed) when that
/// quorum was last met longer ago than <see cref="MaxAge"/> (the format carries no age), and, where the policy's witnesses
/// can be asked, when one of them has cosigned more of the log than the source serves.
/// </summary>
public sealed class TrustedCheckpoints(TrustPolicy policy, TimeSpan maxAge, TimeProvider clock)
{
    /// <summary>The maximum age when none is given: a day.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(1);

    public TrustPolicy Policy { get; } = policy ?? throw new ArgumentNullException(nameof(policy));

    public TimeSpan MaxAge { get; } = maxAge > TimeSpan.Zero ? maxAge : throw new ArgumentOutOfRangeException(nameof(maxAge), maxAge, "The maximum age must be positive.");

    /// <summary>The newest accepted checkpoint of <paramref name="store"/>, or a <see cref="TransparencyException"/> saying why there is none to decide at.</summary>
    public async Task<AcceptedCheckpoint> AcceptAsync(Ledger.IEventStore store, WitnessClient? witnesses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var signed = await new TransparencyLog(store).AllAsync(cancellationToken).ConfigureAwait(false);
        AcceptedCheckpoint? accepted = null;
        for (int i = signed.Count - 1; i >= 0 && accepted is null; i--) accepted = Accept(signed[i]);
        var head = await store.HeadAsync(cancellationToken).ConfigureAwait(false);
        var origin = accepted?.Signed.Body.Origin ?? (signed.Count > 0 ? signed[^1].Body.Origin : null);
        if (witnesses is not null && origin is not null) await RefuseWithheldAsync(store, origin, head, witnesses, cancellationToken).ConfigureAwait(false);
        if (accepted is null)
            throw new TransparencyException(TransparencyProblem.NotWitnessed, signed.Count == 0
                ? $"{store.Description} has no signed checkpoint, and the trust policy accepts only checkpoints signed by its log and cosigned by its witnesses."
                : $"None of the {signed.Count} signed checkpoint(s) of {store.Description} meets the trust policy (its log key and witness quorum): submit the newest to the witnesses (Submit-LedgerCheckpoint).");
        if (accepted.WitnessedAt is { } at && clock.GetUtcNow() - at > MaxAge)
            throw new TransparencyException(TransparencyProblem.CheckpointTooOld,
                $"The newest checkpoint of {store.Description} that the trust policy accepts ({accepted.Checkpoint}) was last witnessed at {at.UtcDateTime:u}, more than the maximum age ({MaxAge}) ago: the ledger may be withholding newer events. Nothing was decided.");
        return accepted;
    }

    /// <summary>The checkpoint as the policy sees it: accepted with its quorum time, or null.</summary>
    public AcceptedCheckpoint? Accept(SignedCheckpoint signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var logKeys = Policy.LogKeysFor(signed.Body.Origin);
        if (logKeys.Count == 0) return null;
        var verification = signed.Note.Verify([.. logKeys, .. Policy.WitnessKeys]);
        if (verification.Failed.Count > 0 || !verification.Verified.Any(logKeys.Contains)) return null;
        // Each witness's cosignature, verified, newest first: the quorum's time is when the newest cosignatures first make one.
        var cosigned = Policy.Witnesses
            .Select(w => (Witness: w, Time: signed.Cosignatures.Where(c => c.Name == w.Key.Name && c.KeyId == w.Key.KeyId && c.Verify(w.Key, signed.Body))
                .Select(c => (DateTimeOffset?)c.Time).Max()))
            .Where(x => x.Time is not null)
            .OrderByDescending(x => x.Time)
            .ToList();
        if (Policy.IsQuorumMet(Array.Empty<string>())) return new AcceptedCheckpoint(signed, null, [.. cosigned.Select(x => x.Witness.Name)]);
        for (int n = 1; n <= cosigned.Count; n++)
            if (Policy.IsQuorumMet(cosigned.Take(n).Select(x => x.Witness.Name)))
                return new AcceptedCheckpoint(signed, cosigned[n - 1].Time, [.. cosigned.Select(x => x.Witness.Name)]);
        return null;
    }

    /// <summary>Asks each witness that can be reached for the newest checkpoint of the log it cosigned; one larger than the source's head means the source withholds events.</summary>
    private async Task RefuseWithheldAsync(Ledger.IEventStore store, string origin, Checkpoint head, WitnessClient client, CancellationToken cancellationToken)
    {
        var logKeys = Policy.LogKeysFor(origin);
        foreach (var witness in Policy.Witnesses.Where(w => w.Url is not null))
        {
            var latest = await client.LatestAsync(new Uri(witness.Url!), origin, cancellationToken).ConfigureAwait(false);
            if (latest.Note is not { } note || !CheckpointBody.TryParse(note.Text, out var body) || body.Origin != origin) continue;
            var verification = note.Verify([.. logKeys, witness.Key]);
            // Only what the log signed and this witness cosigned counts: a witness's word alone proves nothing.
            if (verification.Failed.Count > 0 || !verification.Verified.Contains(witness.Key) || !verification.Verified.Any(logKeys.Contains)) continue;
            if (body.Size > head.Size)
                throw new TransparencyException(TransparencyProblem.Withheld,
                    $"{store.Description} serves {head.Size} events, but witness {witness.Name} has cosigned checkpoint {body.ToCheckpoint()} of the same log: the source is withholding {body.Size - head.Size} event(s). Nothing was decided; sync from a source that serves them.");
        }
    }
}
