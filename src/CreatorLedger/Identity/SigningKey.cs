using NSec.Cryptography;

namespace CreatorLedger.Identity;

/// <summary>
/// An Ed25519 private key held in libsodium-guarded memory. It signs; it is never printed.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    private SigningKey(Key key)
    {
        _key = key;
        Id = IdentityId.FromPublicKey(key.PublicKey);
    }

    /// <summary>The did:key of this key's public half.</summary>
    public IdentityId Id { get; }

    public static SigningKey Generate() =>
        new(Key.Create(Algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>Imports a 32-byte RFC 8032 seed (the raw private key).</summary>
    public static SigningKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) throw new ArgumentException("An Ed25519 seed has 32 bytes.", nameof(seed));
        return new(Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));
    }

    public byte[] Sign(ReadOnlySpan<byte> data) => Algorithm.Sign(_key, data);

    /// <summary>The seed, only to seal it into a key file.</summary>
    internal byte[] ExportSeed() => _key.Export(KeyBlobFormat.RawPrivateKey);

    public override string ToString() => $"SigningKey({Id})";

    public void Dispose() => _key.Dispose();
}
