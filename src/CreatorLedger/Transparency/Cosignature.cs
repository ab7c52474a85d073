using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace CreatorLedger.Transparency;

/// <summary>
/// A tlog-cosignature/v1 (Ed25519, type 0x04): a witness's statement that, at <see cref="Timestamp"/>, the checkpoint was the
/// largest consistent tree it had seen of that log. Its note signature bytes are key id ‖ u64be(timestamp) ‖ Ed25519 signature.
/// </summary>
public sealed class Cosignature
{
    /// <summary>The spec caps the timestamp at 2^63 − 1.</summary>
    public const ulong MaxTimestamp = long.MaxValue;

    private readonly byte[] _signature;

    private Cosignature(string name, uint keyId, ulong timestamp, byte[] signature)
    {
        Name = name;
        KeyId = keyId;
        Timestamp = timestamp;
        _signature = signature;
    }

    /// <summary>The witness's key name.</summary>
    public string Name { get; }

    public uint KeyId { get; }

    /// <summary>POSIX seconds.</summary>
    public ulong Timestamp { get; }

    /// <summary>The timestamp as a time; one past year 9999 reads as <see cref="DateTimeOffset.MaxValue"/> (still "in the future").</summary>
    public DateTimeOffset Time =>
        Timestamp > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds() ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds((long)Timestamp);

    /// <summary>The 64-byte Ed25519 signature.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>Reads a note signature as a cosignature: false unless it holds a timestamp (≤ 2^63 − 1) and a 64-byte signature.</summary>
    public static bool TryFrom(NoteSignature signature, [NotNullWhen(true)] out Cosignature? cosignature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        cosignature = null;
        var bytes = signature.Signature;
        if (bytes.Length != 8 + 64) return false;
        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        if (timestamp > MaxTimestamp) return false;
        cosignature = new Cosignature(signature.Name, signature.KeyId, timestamp, bytes[8..].ToArray());
        return true;
    }

    /// <summary>Parses a signature line as a cosignature.</summary>
    public static bool TryParse([NotNullWhen(true)] string? line, [NotNullWhen(true)] out Cosignature? cosignature)
    {
        cosignature = null;
        return NoteSignature.TryParse(line, out var signature, out _) && TryFrom(signature, out cosignature);
    }

    /// <summary>What a v1 cosignature signs: "cosignature/v1\ntime &lt;timestamp&gt;\n" then the whole checkpoint body.</summary>
    public static byte[] SignedMessage(CheckpointBody body, ulong timestamp)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timestamp, MaxTimestamp);
        return SignedNote.CosignedMessage(NoteRules.Utf8.GetBytes(body.Format()), timestamp);
    }

    /// <summary>Whether <paramref name="witness"/> (a type 0x04 key of the same name and id) made this cosignature over <paramref name="body"/>.</summary>
    public bool Verify(NoteVerifierKey witness, CheckpointBody body)
    {
        ArgumentNullException.ThrowIfNull(witness);
        ArgumentNullException.ThrowIfNull(body);
        if (witness.SignatureType != NoteVerifierKey.CosignatureV1Type || witness.KeyId != KeyId ||
            !string.Equals(witness.Name, Name, StringComparison.Ordinal)) return false;
        return NoteRules.VerifyEd25519(witness.PublicKey, SignedMessage(body, Timestamp), _signature);
    }

    /// <summary>The signature line this cosignature is.</summary>
    public NoteSignature ToNoteSignature()
    {
        var bytes = new byte[8 + _signature.Length];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, Timestamp);
        _signature.CopyTo(bytes, 8);
        return new NoteSignature(Name, KeyId, bytes);
    }

    public override string ToString() => ToNoteSignature().ToString();
}
