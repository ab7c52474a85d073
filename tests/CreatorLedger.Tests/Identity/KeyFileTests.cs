using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using CreatorLedger.Identity;
using Xunit;

namespace CreatorLedger.Tests.Identity;

/// <summary>Key files at rest: a passphrase opens them, nothing else does, and a damaged file is reported, never a crash.</summary>
public sealed class KeyFileTests
{
    private const string Passphrase = "correct horse battery staple";

    // Argon2id at 8 MiB and one pass: the real algorithm, cheap enough for many tests.
    private static readonly KeyFile.Cost Fast = new(MemoryKiB: 8 * 1024, Passes: 1);

    private static KeyFile SealNew(SigningKey key, string name = "Alice", string passphrase = Passphrase) =>
        KeyFile.Seal(name, key.Id, key, passphrase, Fast);

    private static KeyFileProblem ProblemOpening(byte[] bytes, string passphrase = Passphrase)
    {
        var e = Assert.Throws<KeyFileException>(() =>
        {
            using var opened = KeyFile.Parse(bytes, "alice.key").Open(passphrase, "alice.key");
        });
        Assert.DoesNotContain(passphrase, e.Message);
        return e.Problem;
    }

    [Fact]
    public void Open_RightPassphrase_GivesBackTheSealedKey()
    {
        using var key = SigningKey.Generate();
        var file = KeyFile.Parse(SealNew(key).ToBytes());
        using var opened = file.Open(Passphrase);
        Assert.Equal(key.Id, opened.Id);
        Assert.Equal(key.ExportSeed(), opened.ExportSeed());
        Assert.Equal("Alice", file.Name);
        Assert.Equal(key.Id, file.Identity);
        Assert.Equal(Fast, file.KdfCost);
    }

    [Fact]
    public void Open_DefaultCost_RoundTripsAndRecordsTheCost()
    {
        using var key = SigningKey.Generate();
        var file = KeyFile.Parse(KeyFile.Seal("Alice", key.Id, key, Passphrase).ToBytes());
        Assert.Equal(KeyFile.Cost.Default, file.KdfCost);
        using var opened = file.Open(Passphrase);
        Assert.Equal(key.Id, opened.Id);
    }

    [Fact]
    public void Open_RotatedKey_KeepsTheIdentityAndNamesTheCurrentKey()
    {
        using var genesis = SigningKey.Generate();
        using var next = SigningKey.Generate();
        var file = KeyFile.Parse(KeyFile.Seal("Alice", genesis.Id, next, Passphrase, Fast).ToBytes());
        Assert.Equal(genesis.Id, file.Identity);
        Assert.Equal(next.Id, file.Key);
        using var opened = file.Open(Passphrase);
        Assert.Equal(next.Id, opened.Id);
    }

    [Theory]
    [InlineData("correct horse battery stapler")]
    [InlineData("Correct horse battery staple")]
    [InlineData("x")]
    public void Open_WrongPassphrase_IsWrongPassphrase(string wrong)
    {
        using var key = SigningKey.Generate();
        Assert.Equal(KeyFileProblem.WrongPassphrase, ProblemOpening(SealNew(key).ToBytes(), wrong));
    }

    [Theory]
    [InlineData("ciphertext")]
    [InlineData("identity")]
    [InlineData("key")]
    [InlineData("nonce")]
    public void Open_OneCharacterOfAFieldChanged_IsRefused(string field)
    {
        using var key = SigningKey.Generate();
        var json = JsonNode.Parse(SealNew(key).ToBytes())!.AsObject();
        var holder = field == "nonce" ? json["aead"]!.AsObject() : json;
        var value = (string)holder[field]!;
        int at = value.Length / 2;
        // Another character of the same alphabet, so only the value changes, not the shape.
        holder[field] = value[..at] + (value[at] == 'z' ? 'y' : 'z') + value[(at + 1)..];
        var problem = ProblemOpening(Encoding.UTF8.GetBytes(json.ToJsonString()));
        Assert.Contains(problem, new[] { KeyFileProblem.WrongPassphrase, KeyFileProblem.NotAKeyFile });
    }

    [Fact]
    public void Open_AnySingleByteChanged_IsRefusedOrOpensTheSameKey()
    {
        using var key = SigningKey.Generate();
        // The cheapest cost the format allows, since every mutation may run Argon2id once.
        var bytes = KeyFile.Seal("Alice", key.Id, key, Passphrase, new KeyFile.Cost(8, 1)).ToBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= 0x01;
            try
            {
                using var opened = KeyFile.Parse(changed).Open(Passphrase);
                // Only unbound text (the local name, layout) may change without breaking the seal.
                Assert.Equal(key.Id, opened.Id);
            }
            catch (KeyFileException e)
            {
                Assert.True(e.Problem is KeyFileProblem.WrongPassphrase or KeyFileProblem.NotAKeyFile, $"byte {i}: {e.Problem}");
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"creatorledger-key/v1\"")]
    [InlineData("{\"format\":\"creatorledger-key/v2\"}")]
    [InlineData("{\"format\":\"creatorledger-key/v1\"}")]
    [InlineData("{\"format\":\"creatorledger-key/v1\",\"kdf\":{\"alg\":\"argon2id\",\"memoryKiB\":\"lots\"},\"aead\":{\"alg\":\"xchacha20poly1305\"}}")]
    [InlineData("{\"format\":\"creatorledger-key/v1\",\"kdf\":{\"alg\":\"scrypt\"},\"aead\":{\"alg\":\"xchacha20poly1305\"}}")]
    [InlineData("{\"name\":\"Alice\",\"did\":\"did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp\"}")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n")]
    public void Parse_NotAKeyFile_IsNotAKeyFile(string text)
    {
        var e = Assert.Throws<KeyFileException>(() => KeyFile.Parse(Encoding.UTF8.GetBytes(text), "junk.key"));
        Assert.Equal(KeyFileProblem.NotAKeyFile, e.Problem);
        Assert.Equal("junk.key", e.Path);
    }

    [Fact]
    public void Parse_BinaryJunk_IsNotAKeyFile()
    {
        var junk = new byte[512];
        new Random(8032).NextBytes(junk);
        Assert.Equal(KeyFileProblem.NotAKeyFile, Assert.Throws<KeyFileException>(() => KeyFile.Parse(junk)).Problem);
        Assert.Equal(KeyFileProblem.NotAKeyFile, Assert.Throws<KeyFileException>(() => KeyFile.Parse([0xff, 0xfe, 0x00, 0x7b])).Problem);
    }

    [Fact]
    public void Parse_ArgonCostOutOfRange_IsNotAKeyFile()
    {
        // A file must not make the reader allocate terabytes before the passphrase is even tried.
        using var key = SigningKey.Generate();
        var json = JsonNode.Parse(SealNew(key).ToBytes())!.AsObject();
        json["kdf"]!["memoryKiB"] = 1L << 40;
        var e = Assert.Throws<KeyFileException>(() => KeyFile.Parse(Encoding.UTF8.GetBytes(json.ToJsonString())));
        Assert.Equal(KeyFileProblem.NotAKeyFile, e.Problem);
    }

    [Fact]
    public void ToBytes_NeverHoldsThePassphraseOrTheSeed()
    {
        using var key = SigningKey.Generate();
        var bytes = SealNew(key).ToBytes();
        var text = Encoding.UTF8.GetString(bytes);
        var seed = key.ExportSeed();
        Assert.DoesNotContain(Passphrase, text);
        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Passphrase)) < 0);
        Assert.True(bytes.AsSpan().IndexOf(seed) < 0);
        Assert.DoesNotContain(Convert.ToHexStringLower(seed), text);
        Assert.DoesNotContain(Convert.ToHexString(seed), text);
        Assert.DoesNotContain(Base64Url.EncodeToString(seed), text);
        Assert.DoesNotContain(Convert.ToBase64String(seed), text);
    }

    [Fact]
    public void Seal_SameKeyTwice_GivesDifferentFiles()
    {
        // Fresh salt and nonce each time: two files never reveal that they hold the same key.
        using var key = SigningKey.Generate();
        Assert.NotEqual(SealNew(key).ToBytes(), SealNew(key).ToBytes());
    }

    [Fact]
    public void Seal_EmptyPassphrase_IsRefused()
    {
        using var key = SigningKey.Generate();
        Assert.Throws<ArgumentException>(() => KeyFile.Seal("Alice", key.Id, key, "", Fast));
    }
}
