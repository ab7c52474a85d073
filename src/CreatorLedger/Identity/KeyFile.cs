using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NSec.Cryptography;

namespace CreatorLedger.Identity;

/// <summary>
/// A private key sealed at rest: Argon2id derives a key from the passphrase, XChaCha20-Poly1305 seals the seed.
/// The file holds the parameters, salt, nonce, ciphertext and the public did (bound as associated data),
/// so a file edited by hand fails to open exactly like a wrong passphrase.
/// </summary>
public sealed class KeyFile
{
    public const string Format = "creatorledger-key/v1";
    private static readonly AeadAlgorithm Aead = AeadAlgorithm.XChaCha20Poly1305;

    /// <summary>Argon2id cost. The default is OWASP's m=64 MiB, t=3; tests may use a cheaper one.</summary>
    public sealed record Cost(long MemoryKiB, long Passes)
    {
        public static Cost Default { get; } = new(64 * 1024, 3);
    }

    private KeyFile(string name, IdentityId identity, IdentityId key, Cost cost, byte[] salt, byte[] nonce, byte[] ciphertext)
    {
        Name = name;
        Identity = identity;
        Key = key;
        KdfCost = cost;
        _salt = salt;
        _nonce = nonce;
        _ciphertext = ciphertext;
    }

    private readonly byte[] _salt;
    private readonly byte[] _nonce;
    private readonly byte[] _ciphertext;

    /// <summary>The local name of the identity (what a user types).</summary>
    public string Name { get; }

    /// <summary>The identity (did of its genesis key).</summary>
    public IdentityId Identity { get; }

    /// <summary>The did of the sealed key: the identity's current key.</summary>
    public IdentityId Key { get; }

    public Cost KdfCost { get; }

    public static KeyFile Seal(string name, IdentityId identity, SigningKey key, ReadOnlySpan<char> passphrase, Cost? cost = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (passphrase.IsEmpty) throw new ArgumentException("A key file needs a non-empty passphrase.", nameof(passphrase));
        cost ??= Cost.Default;
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(Aead.NonceSize);
        using var wrapping = DeriveKey(passphrase, salt, cost);
        var seed = key.ExportSeed();
        try
        {
            var ciphertext = Aead.Encrypt(wrapping, nonce, AssociatedData(identity, key.Id), seed);
            return new KeyFile(name, identity, key.Id, cost, salt, nonce, ciphertext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public SigningKey Open(ReadOnlySpan<char> passphrase, string path = "")
    {
        using var wrapping = DeriveKey(passphrase, _salt, KdfCost);
        var seed = Aead.Decrypt(wrapping, _nonce, AssociatedData(Identity, Key), _ciphertext);
        if (seed is null)
            throw new KeyFileException(KeyFileProblem.WrongPassphrase, path,
                $"The passphrase does not open the key file of '{Name}'{(path.Length > 0 ? $" ({path})" : "")}.");
        try
        {
            var signing = SigningKey.FromSeed(seed);
            if (signing.Id != Key)
            {
                signing.Dispose();
                throw new KeyFileException(KeyFileProblem.NotAKeyFile, path, $"The key file of '{Name}' holds a key other than the one it names.");
            }
            return signing;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public byte[] ToBytes()
    {
        var json = new JsonObject
        {
            ["format"] = Format,
            ["name"] = Name,
            ["identity"] = Identity.Value,
            ["key"] = Key.Value,
            ["kdf"] = new JsonObject
            {
                ["alg"] = "argon2id",
                ["memoryKiB"] = KdfCost.MemoryKiB,
                ["passes"] = KdfCost.Passes,
                ["parallelism"] = 1,
                ["salt"] = Base64Url.EncodeToString(_salt),
            },
            ["aead"] = new JsonObject { ["alg"] = "xchacha20poly1305", ["nonce"] = Base64Url.EncodeToString(_nonce) },
            ["ciphertext"] = Base64Url.EncodeToString(_ciphertext),
        };
        return Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public static KeyFile Parse(ReadOnlySpan<byte> bytes, string path = "")
    {
        try
        {
            var json = JsonNode.Parse(bytes.ToArray()) as JsonObject
                ?? throw new FormatException("not a JSON object");
            if ((string?)json["format"] != Format) throw new FormatException("no creatorledger-key/v1 format marker");
            var kdf = json["kdf"] as JsonObject ?? throw new FormatException("no kdf");
            var aead = json["aead"] as JsonObject ?? throw new FormatException("no aead");
            if ((string?)kdf["alg"] != "argon2id" || (string?)aead["alg"] != "xchacha20poly1305")
                throw new FormatException("unsupported algorithms");
            var cost = new Cost((long)kdf["memoryKiB"]!, (long)kdf["passes"]!);
            if (cost.MemoryKiB < 8 || cost.MemoryKiB > 4 * 1024 * 1024 || cost.Passes < 1 || cost.Passes > 64)
                throw new FormatException("Argon2id cost out of range");
            var salt = Base64Url.DecodeFromChars((string)kdf["salt"]!);
            var nonce = Base64Url.DecodeFromChars((string)aead["nonce"]!);
            var ciphertext = Base64Url.DecodeFromChars((string)json["ciphertext"]!);
            if (salt.Length != 16 || nonce.Length != Aead.NonceSize || ciphertext.Length != 32 + Aead.TagSize)
                throw new FormatException("field sizes are wrong");
            var name = (string?)json["name"];
            if (string.IsNullOrWhiteSpace(name)) throw new FormatException("no name");
            return new KeyFile(name, IdentityId.Parse((string)json["identity"]!),
                IdentityId.Parse((string)json["key"]!), cost, salt, nonce, ciphertext);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or ArgumentException or NullReferenceException)
        {
            throw new KeyFileException(KeyFileProblem.NotAKeyFile, path,
                $"'{path}' is not a CreatorLedger key file ({e.Message}).", e);
        }
    }

    private static Key DeriveKey(ReadOnlySpan<char> passphrase, byte[] salt, Cost cost)
    {
        var argon = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = cost.MemoryKiB,
            NumberOfPasses = cost.Passes,
        });
        var utf8 = new byte[Encoding.UTF8.GetMaxByteCount(passphrase.Length)];
        try
        {
            int length = Encoding.UTF8.GetBytes(passphrase, utf8);
            return argon.DeriveKey(utf8.AsSpan(0, length), salt, Aead);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    private static byte[] AssociatedData(IdentityId identity, IdentityId key) =>
        Encoding.UTF8.GetBytes($"{Format}\n{identity.Value}\n{key.Value}");
}
