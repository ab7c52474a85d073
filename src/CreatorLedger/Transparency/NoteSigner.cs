using System.Buffers.Binary;
using CreatorLedger.Identity;

namespace CreatorLedger.Transparency;

/// <summary>
/// Signs notes under a key name: as a log (signed-note Ed25519, type 0x01) or as a witness (tlog-cosignature/v1, type 0x04).
/// It borrows the <see cref="SigningKey"/> (the caller disposes it) and never shows it.
/// </summary>
public sealed class NoteSigner
{
    private readonly SigningKey _key;

    public NoteSigner(string name, SigningKey key)
    {
        if (NoteRules.KeyNameProblem(name) is { } problem) throw new ArgumentException($"Not a key name: {problem}.", nameof(name));
        ArgumentNullException.ThrowIfNull(key);
        Name = name;
        _key = key;
        VerifierKey = NoteVerifierKey.ForLog(name, key.Id.PublicKeyBytes);
        CosignerKey = NoteVerifierKey.ForWitness(name, key.Id.PublicKeyBytes);
    }

    public string Name { get; }

    /// <summary>The vkey that verifies <see cref="Sign"/>'s signatures (type 0x01).</summary>
    public NoteVerifierKey VerifierKey { get; }

    /// <summary>The vkey that verifies <see cref="Cosign"/>'s cosignatures (type 0x04).</summary>
    public NoteVerifierKey CosignerKey { get; }

    /// <summary>The signature line of <paramref name="text"/> (which must be note text: ending in a newline, no control characters).</summary>
    public NoteSignature Sign(string text)
    {
        if (NoteRules.TextProblem(text) is { } problem) throw new ArgumentException($"Not note text: {problem}.", nameof(text));
        return new NoteSignature(Name, VerifierKey.KeyId, _key.Sign(NoteRules.Utf8.GetBytes(text)));
    }

    /// <summary>A note of <paramref name="text"/> signed by this key.</summary>
    public SignedNote SignNote(string text) => SignedNote.Create(text, Sign(text));

    /// <summary>
    /// The tlog-cosignature/v1 line for <paramref name="body"/> at <paramref name="timestamp"/> (POSIX seconds): its bytes are
    /// key id ‖ u64be(timestamp) ‖ Ed25519("cosignature/v1\ntime &lt;timestamp&gt;\n" ‖ body).
    /// </summary>
    public NoteSignature Cosign(CheckpointBody body, ulong timestamp)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timestamp, Cosignature.MaxTimestamp);
        var signature = _key.Sign(Cosignature.SignedMessage(body, timestamp));
        var bytes = new byte[8 + signature.Length];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, timestamp);
        signature.CopyTo(bytes, 8);
        return new NoteSignature(Name, CosignerKey.KeyId, bytes);
    }

    public override string ToString() => $"NoteSigner({Name})";
}
