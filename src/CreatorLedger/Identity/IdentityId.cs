using System.Diagnostics.CodeAnalysis;
using NSec.Cryptography;

namespace CreatorLedger.Identity;

/// <summary>
/// An Ed25519 <c>did:key</c>: multibase base58btc of the multicodec prefix 0xed 0x01 and the 32-byte public key.
/// It names both an identity (the did of its genesis key) and any one key of it.
/// </summary>
public readonly record struct IdentityId
{
    private const string Prefix = "did:key:z";
    private readonly string? _value;
    private readonly byte[]? _publicKey;

    private IdentityId(string value, byte[] publicKey)
    {
        _value = value;
        _publicKey = publicKey;
    }

    public string Value => _value ?? throw new InvalidOperationException("An uninitialized IdentityId has no value.");

    /// <summary>The raw 32-byte Ed25519 public key.</summary>
    public ReadOnlySpan<byte> PublicKeyBytes => _publicKey;

    public static IdentityId FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32) throw new ArgumentException("An Ed25519 public key has 32 bytes.", nameof(publicKey));
        Span<byte> multicodec = stackalloc byte[34];
        multicodec[0] = 0xed;
        multicodec[1] = 0x01;
        publicKey.CopyTo(multicodec[2..]);
        return new IdentityId(Prefix + Base58.Encode(multicodec), publicKey.ToArray());
    }

    public static IdentityId FromPublicKey(PublicKey publicKey) =>
        FromPublicKey(publicKey.Export(KeyBlobFormat.RawPublicKey));

    public static IdentityId Parse(string text) =>
        TryParse(text, out var id) ? id : throw Error.Argument_NotADid(nameof(text), text);

    // A ledger has few keys and many events naming them: decoded ids are remembered (bounded, so hostile input cannot grow it without limit).
    // The bound holds a 100,000-creator ledger (about 30 MB when full). It is counted here, not by the dictionary's Count,
    // which takes every lock of the dictionary: with more authors than the bound, every parse on every core did, and a
    // ledger of 10,000 creators was checked at three quarters of the speed it is now.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IdentityId> Parsed = new(StringComparer.Ordinal);
    private const int MaxRemembered = 1 << 17;
    private static int s_remembered;

    public static bool TryParse([NotNullWhen(true)] string? text, out IdentityId id)
    {
        if (text is not null && Parsed.TryGetValue(text, out id)) return true;
        if (!TryDecode(text, out id)) return false;
        if (Interlocked.Increment(ref s_remembered) > MaxRemembered)
        {
            // Rare (once per 131,072 new ids), and racing callers only forget a few more: a cache, not a record.
            Parsed.Clear();
            Volatile.Write(ref s_remembered, 0);
        }
        Parsed.TryAdd(text!, id);
        return true;
    }

    /// <summary>The same, from UTF-8: a known did costs a lookup, not a string.</summary>
    public static bool TryParseUtf8(ReadOnlySpan<byte> utf8, out IdentityId id)
    {
        id = default;
        if (utf8.Length > 64) return false;
        Span<char> text = stackalloc char[64];
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] >= 0x80) return false;
            text[i] = (char)utf8[i];
        }
        if (Parsed.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text[..utf8.Length], out id)) return true;
        return TryParse(new string(text[..utf8.Length]), out id);
    }

    private static bool TryDecode(string? text, out IdentityId id)
    {
        id = default;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length > 64) return false;
        if (!Base58.TryDecode(text.AsSpan(Prefix.Length), out var bytes)) return false;
        if (bytes.Length != 34 || bytes[0] != 0xed || bytes[1] != 0x01) return false;
        var candidate = FromPublicKey(bytes.AsSpan(2));
        // Re-encoding must give the same text: no leading-zero or alphabet tricks.
        if (!string.Equals(candidate.Value, text, StringComparison.Ordinal)) return false;
        id = candidate;
        return true;
    }

    /// <summary>The NSec public key, for verification.</summary>
    public PublicKey ToPublicKey() =>
        PublicKey.Import(SignatureAlgorithm.Ed25519, PublicKeyBytes, KeyBlobFormat.RawPublicKey);

    public bool Equals(IdentityId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    public override string ToString() => _value ?? string.Empty;
}
