using CreatorLedger.Identity;
using CreatorLedger.Tests.Vectors;
using Xunit;

namespace CreatorLedger.Tests.Identity;

/// <summary>
/// did:key for Ed25519 keys (multibase base58btc of 0xed 0x01 + the 32-byte key), checked against the
/// w3c-ccg did-method-key test vectors (test-vectors/ed25519-x25519.json) and the ledger vectors.
/// </summary>
public sealed class DidKeyTests
{
    // did, seed, public key. The public keys are the vectors' publicKeyBase58, decoded to hex independently.
    public static readonly TheoryData<string, string, string> SpecVectors = new()
    {
        { "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", "0000000000000000000000000000000000000000000000000000000000000000", "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29" },
        { "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG", "0000000000000000000000000000000000000000000000000000000000000001", "4cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29" },
        { "did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf", "0000000000000000000000000000000000000000000000000000000000000002", "7422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674" },
        { "did:key:z6MkvqoYXQfDDJRv8L4wKzxYeuKyVZBfi9Qo6Ro8MiLH3kDQ", "0000000000000000000000000000000000000000000000000000000000000003", "f381626e41e7027ea431bfe3009e94bdd25a746beec468948d6c3c7c5dc9a54b" },
        { "did:key:z6MkwW6aqMnjgrhJXFUko3NnZPGzVpkNzhYK7yEhnsibmLwL", "0000000000000000000000000000000000000000000000000000000000000004", "fd50b8e3b144ea244fbf7737f550bc8dd0c2650bbc1aada833ca17ff8dbf329b" },
    };

    public static readonly TheoryData<string> LedgerIdentities = new() { "alice", "alice-2", "bob", "dana" };

    [Theory]
    [MemberData(nameof(SpecVectors))]
    public void FromPublicKey_SpecVector_GivesTheSpecDid(string did, string seed, string publicKey)
    {
        _ = seed;
        Assert.Equal(did, IdentityId.FromPublicKey(Convert.FromHexString(publicKey)).Value);
    }

    [Theory]
    [MemberData(nameof(SpecVectors))]
    public void Parse_SpecDid_GivesTheSpecPublicKey(string did, string seed, string publicKey)
    {
        _ = seed;
        var id = IdentityId.Parse(did);
        Assert.Equal(publicKey, Convert.ToHexStringLower(id.PublicKeyBytes));
        Assert.Equal(did, id.Value);
        Assert.Equal(did, id.ToString());
    }

    [Theory]
    [MemberData(nameof(SpecVectors))]
    public void FromSeed_SpecSeed_IsNamedByTheSpecDid(string did, string seed, string publicKey)
    {
        _ = publicKey;
        using var key = SigningKey.FromSeed(Convert.FromHexString(seed));
        Assert.Equal(did, key.Id.Value);
    }

    [Fact]
    public void Parse_AnotherImplementationsDid_GivesItsPublicKeyBase58()
    {
        // openwallet-foundation/acapy test DID; publicKeyBase58 3Dn1SJNPaCXcvvJvSbsFWP2xaCjMom3can8CQNhWrTRx.
        var id = IdentityId.Parse("did:key:z6Mkgg342Ycpuk263R9d8Aq6MUaxPn1DDeHyGo38EefXmgDL");
        Assert.Equal("20fd3bd58fcc1bea2f34f3092168fbe58caf803f23d2d0bbe043007ef4485a87", Convert.ToHexStringLower(id.PublicKeyBytes));
    }

    [Theory]
    [MemberData(nameof(LedgerIdentities))]
    public void Parse_LedgerVectorDid_MatchesItsPublicKeyHex(string label)
    {
        var identity = VectorLedger.Root.GetProperty("identities").GetProperty(label);
        var publicKeyHex = identity.GetProperty("publicKeyHex").GetString()!;
        var did = identity.GetProperty("did").GetString()!;
        Assert.Equal(publicKeyHex, Convert.ToHexStringLower(IdentityId.Parse(did).PublicKeyBytes));
        Assert.Equal(did, IdentityId.FromPublicKey(Convert.FromHexString(publicKeyHex)).Value);
    }

    [Theory]
    [InlineData("did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW")] // X25519 (multicodec 0xec) from the spec vector
    [InlineData("did:web:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")] // another method
    [InlineData("did:key:Z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")] // another multibase
    [InlineData("DID:KEY:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")] // prefix is case-sensitive
    [InlineData("z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")] // no prefix
    [InlineData("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDoo0p")] // '0' is not base58
    [InlineData("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooOp")] // nor is 'O'
    [InlineData("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW")] // truncated
    [InlineData("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWpp")] // one character too many
    [InlineData("did:key:z16MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")] // leading '1' = a zero byte
    [InlineData(" did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")]
    [InlineData("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp ")]
    [InlineData("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")]
    [InlineData("did:key:z")]
    [InlineData("did:key:")]
    [InlineData("")]
    public void TryParse_NotAnEd25519DidKey_IsRefused(string text)
    {
        Assert.False(IdentityId.TryParse(text, out var id));
        Assert.Equal(default, id);
        var e = Assert.Throws<ArgumentException>(() => IdentityId.Parse(text));
        Assert.Contains("did:key", e.Message);
    }

    [Fact]
    public void TryParse_Null_IsRefused()
    {
        Assert.False(IdentityId.TryParse(null, out _));
    }

    [Fact]
    public void Parse_GeneratedKeysDid_RoundTrips()
    {
        for (int i = 0; i < 20; i++)
        {
            using var key = SigningKey.Generate();
            var parsed = IdentityId.Parse(key.Id.Value);
            Assert.Equal(key.Id, parsed);
            Assert.StartsWith("did:key:z6Mk", parsed.Value);
            Assert.True(key.Id.PublicKeyBytes.SequenceEqual(parsed.PublicKeyBytes));
        }
    }

    [Fact]
    public void FromPublicKey_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => IdentityId.FromPublicKey(new byte[31]));
        Assert.Throws<ArgumentException>(() => IdentityId.FromPublicKey(new byte[33]));
    }
}
