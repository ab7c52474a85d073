using CreatorLedger.Transparency;

namespace CreatorLedger.Manifests;

/// <summary>What a manifest's pinned checkpoint note shows.</summary>
public enum PinnedStatus
{
    /// <summary>The manifest pins no signed note: its checkpoint was an unwitnessed head.</summary>
    None,

    /// <summary>The log's key signed it (no policy was asked about witnesses).</summary>
    Signed,

    /// <summary>A trust policy accepts it: its log key signed it and its witness quorum cosigned it.</summary>
    Witnessed,

    /// <summary>It is not a signed note of the manifest's checkpoint, or it does not verify.</summary>
    Invalid,
}

public sealed record PinnedCheckpointCheck(PinnedStatus Status, string? Problem, DateTimeOffset? WitnessedAt);

/// <summary>
/// Checks the signed note a manifest pins (DESIGN §9, "manifests pin the cosigned note"): a note of exactly the
/// manifest's checkpoint, signed by the log, and under a trust policy cosigned by its quorum.
/// </summary>
public static class PinnedCheckpoint
{
    /// <param name="trust">The trust policy in force, or null.</param>
    /// <param name="logKey">Without a policy, the log key to check the signature with (the ledger's), or null when none is known.</param>
    public static PinnedCheckpointCheck Check(TrainingManifest manifest, TrustedCheckpoints? trust, NoteVerifierKey? logKey)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.CheckpointNote is not { } text) return new(PinnedStatus.None, null, null);
        if (!SignedNote.TryParse(text, out var note, out var problem) || !CheckpointBody.TryParse(note.Text, out var body, out problem))
            return new(PinnedStatus.Invalid, $"the pinned note does not parse: {problem}", null);
        if (body.ToCheckpoint() != manifest.Checkpoint)
            return new(PinnedStatus.Invalid, $"the pinned note is of checkpoint {body.ToCheckpoint()}, the manifest's is {manifest.Checkpoint}", null);
        if (trust is not null)
        {
            var key = trust.Policy.LogKeysFor(body.Origin).FirstOrDefault();
            if (key is null) return new(PinnedStatus.Invalid, $"the trust policy knows no log of origin '{body.Origin}'", null);
            return trust.Accept(new SignedCheckpoint(note, body, key, null)) is { } accepted
                ? new(PinnedStatus.Witnessed, null, accepted.WitnessedAt)
                : new(PinnedStatus.Invalid, "the pinned note is not signed by the policy's log key and cosigned by its witness quorum", null);
        }
        if (logKey is null) return new(PinnedStatus.Signed, "no log key is known here to check the note's signature", null);
        var verification = note.Verify([logKey]);
        return verification.IsValid ? new(PinnedStatus.Signed, null, null) : new(PinnedStatus.Invalid, $"the pinned note does not verify: {verification.Problem}", null);
    }
}
