using System.Collections.Concurrent;
using NSec.Cryptography;

namespace CreatorLedger.Identity;

/// <summary>Ed25519 verification against a did:key; returns a bool, never throws for a bad signature.</summary>
public static class SignatureVerifier
{
    // Imported public keys are cached: a ledger has few keys and many events.
    private static readonly ConcurrentDictionary<IdentityId, PublicKey> Keys = new();

    public static bool Verify(IdentityId key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64) return false;
        var publicKey = Keys.GetOrAdd(key, static k => k.ToPublicKey());
        return SignatureAlgorithm.Ed25519.Verify(publicKey, data, signature);
    }
}
