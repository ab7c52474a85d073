using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CreatorLedger.Transparency;

/// <summary>
/// A signed-note verifier key (vkey), <c>&lt;name&gt;+&lt;hex key id&gt;+&lt;base64(type ‖ public key)&gt;</c>: the public half a
/// client is configured with. Two types are supported, the ones a checkpoint needs: 0x01 (Ed25519, a log's note signature) and
/// 0x04 (Ed25519 tlog-cosignature/v1, a witness's).
/// </summary>
public sealed class NoteVerifierKey : IEquatable<NoteVerifierKey>
{
    /// <summary>signed-note Ed25519 signatures over the note text.</summary>
    public const byte Ed25519Type = 0x01;

    /// <summary>tlog-cosignature/v1: timestamped Ed25519 cosignatures over a checkpoint.</summary>
    public const byte CosignatureV1Type = 0x04;

    private readonly byte[] _publicKey;

    private NoteVerifierKey(string name, uint keyId, byte signatureType, byte[] publicKey)
    {
        Name = name;
        KeyId = keyId;
        SignatureType = signatureType;
        _publicKey = publicKey;
    }

    public string Name { get; }

    public uint KeyId { get; }

    public byte SignatureType { get; }

    /// <summary>The 32-byte Ed25519 public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>A log's key: signed-note Ed25519, type 0x01.</summary>
    public static NoteVerifierKey ForLog(string name, ReadOnlySpan<byte> publicKey) => Create(name, Ed25519Type, publicKey);

    /// <summary>A witness's key: tlog-cosignature/v1, type 0x04.</summary>
    public static NoteVerifierKey ForWitness(string name, ReadOnlySpan<byte> publicKey) => Create(name, CosignatureV1Type, publicKey);

    public static NoteVerifierKey Create(string name, byte signatureType, ReadOnlySpan<byte> publicKey)
    {
        if (NoteRules.KeyNameProblem(name) is { } problem) throw new ArgumentException($"Not a key name: {problem}.", nameof(name));
        if (signatureType is not (Ed25519Type or CosignatureV1Type))
            throw new ArgumentOutOfRangeException(nameof(signatureType), signatureType, "Supported signature types are 0x01 (Ed25519) and 0x04 (cosignature/v1).");
        if (publicKey.Length != 32) throw new ArgumentException("An Ed25519 public key has 32 bytes.", nameof(publicKey));
        return new NoteVerifierKey(name, ComputeKeyId(name, signatureType, publicKey), signatureType, publicKey.ToArray());
    }

    /// <summary>The key id both specs prescribe for these types: SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], big-endian.</summary>
    public static uint ComputeKeyId(string name, byte signatureType, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = NoteRules.Utf8.GetBytes(name);
        var buffer = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(buffer, 0);
        buffer[nameBytes.Length] = 0x0A;
        buffer[nameBytes.Length + 1] = signatureType;
        publicKey.CopyTo(buffer.AsSpan(nameBytes.Length + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(buffer));
    }

    public static NoteVerifierKey Parse(string text) =>
        TryParse(text, out var key, out var problem) ? key : throw new FormatException($"Not a verifier key: {problem}.");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out NoteVerifierKey? key) => TryParse(text, out key, out _);

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out NoteVerifierKey? key, [NotNullWhen(false)] out string? problem)
    {
        key = null;
        if (text is null)
        {
            problem = "no text";
            return false;
        }
        // The name cannot hold '+', so the first two '+' are the separators; base64 may hold more.
        var first = text.IndexOf('+');
        var second = first < 0 ? -1 : text.IndexOf('+', first + 1);
        if (second < 0)
        {
            problem = "expected <name>+<hex key id>+<base64 key>";
            return false;
        }
        var name = text[..first];
        if (NoteRules.KeyNameProblem(name) is { } nameProblem)
        {
            problem = nameProblem;
            return false;
        }
        var hex = text.AsSpan(first + 1, second - first - 1);
        if (hex.Length != 8 || !IsLowerHex(hex))
        {
            problem = "the key id is not 8 lowercase hex digits";
            return false;
        }
        var keyId = uint.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (!NoteRules.TryDecodeBase64(text[(second + 1)..], out var bytes) || bytes.Length < 1)
        {
            problem = "the key is not canonical base64";
            return false;
        }
        var type = bytes[0];
        if (type is not (Ed25519Type or CosignatureV1Type))
        {
            problem = $"signature type 0x{type:x2} is not supported (0x01 Ed25519, 0x04 cosignature/v1)";
            return false;
        }
        if (bytes.Length != 33)
        {
            problem = $"an Ed25519 public key has 32 bytes, not {bytes.Length - 1}";
            return false;
        }
        var publicKey = bytes[1..];
        // Both types define the id as a hash of name, type and key; a vkey whose id differs would never match its own signatures.
        if (ComputeKeyId(name, type, publicKey) != keyId)
        {
            problem = "the key id does not match SHA-256(name ‖ 0x0A ‖ type ‖ key)";
            return false;
        }
        key = new NoteVerifierKey(name, keyId, type, publicKey);
        problem = null;
        return true;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> hex)
    {
        foreach (var c in hex)
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        return true;
    }

    /// <summary>The key id as signed-note writes it: 8 lowercase hex digits.</summary>
    public string KeyIdHex => KeyId.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>The vkey text.</summary>
    public override string ToString()
    {
        var bytes = new byte[1 + _publicKey.Length];
        bytes[0] = SignatureType;
        _publicKey.CopyTo(bytes, 1);
        return new StringBuilder(Name).Append('+').Append(KeyIdHex).Append('+').Append(Convert.ToBase64String(bytes)).ToString();
    }

    public bool Equals(NoteVerifierKey? other) =>
        other is not null && KeyId == other.KeyId && SignatureType == other.SignatureType &&
        string.Equals(Name, other.Name, StringComparison.Ordinal) && _publicKey.AsSpan().SequenceEqual(other._publicKey);

    public override bool Equals(object? obj) => Equals(obj as NoteVerifierKey);

    public override int GetHashCode() => HashCode.Combine(Name, KeyId, SignatureType);
}
