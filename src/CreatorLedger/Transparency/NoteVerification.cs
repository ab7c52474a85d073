namespace CreatorLedger.Transparency;

/// <summary>
/// What checking a note's signatures against known keys found. signed-note: signatures by unknown keys are ignored; a
/// signature by a known key (same name and key id) that fails rejects the note; otherwise one verified known key opens it.
/// </summary>
public sealed class NoteVerification
{
    internal NoteVerification(IReadOnlyList<NoteVerifierKey> verified, IReadOnlyList<NoteVerifierKey> failed, IReadOnlyList<NoteSignature> unknown)
    {
        Verified = verified;
        Failed = failed;
        Unknown = unknown;
    }

    /// <summary>Known keys with a signature that verified.</summary>
    public IReadOnlyList<NoteVerifierKey> Verified { get; }

    /// <summary>Known keys with a signature that did not verify: any one rejects the note.</summary>
    public IReadOnlyList<NoteVerifierKey> Failed { get; }

    /// <summary>Signatures no known key matches by name and key id; ignored.</summary>
    public IReadOnlyList<NoteSignature> Unknown { get; }

    public bool IsValid => Failed.Count == 0 && Verified.Count > 0;

    /// <summary>Whether <paramref name="key"/> signed and the note is not rejected by a failing known signature.</summary>
    public bool IsVerifiedBy(NoteVerifierKey key) => Failed.Count == 0 && Verified.Contains(key);

    /// <summary>Why the note is rejected, or null when it is valid.</summary>
    public string? Problem =>
        Failed.Count > 0 ? $"the signature by known key {Failed[0].Name}+{Failed[0].KeyIdHex} does not verify"
        : Verified.Count == 0 ? "no signature by a known key"
        : null;
}
