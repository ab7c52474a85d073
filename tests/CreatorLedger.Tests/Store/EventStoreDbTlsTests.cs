using System.Net;
using CreatorLedger.EventStore;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Tests.Ledger;
using CreatorLedger.TestEventStoreDb;
using Xunit;

namespace CreatorLedger.Tests.Store;

/// <summary>
/// The store contract over a real socket, TLS and credentials, as a secure EventStoreDB cluster is reached: the
/// in-process server listens on a loopback port with a certificate of a private authority, and wants admin:changeit.
/// Plus what a user sees when the certificate or the credentials are wrong.
/// </summary>
public sealed class EventStoreDbTlsTests : EventStoreContract
{
    private static readonly NetworkCredential Admin = new("admin", "changeit-7f3a");
    private readonly string _folder = Directory.CreateTempSubdirectory("cl-tls-").FullName;
    private readonly TestCertificateAuthority _authority;
    private readonly List<FakeEventStoreDb> _servers = [];
    private readonly List<System.Security.Cryptography.X509Certificates.X509Certificate2> _certificates = [];
    private readonly Dictionary<IEventStore, int> _ports = [];

    public EventStoreDbTlsTests() => _authority = new TestCertificateAuthority(_folder);

    private int StartServer(string[]? dnsNames = null, IPAddress[]? addresses = null)
    {
        var server = new FakeEventStoreDb { RequiredCredential = Admin };
        _servers.Add(server);
        // Kept until the end: the server uses it at every handshake.
        var certificate = _authority.Issue(dnsNames ?? ["localhost"], addresses ?? [IPAddress.Loopback]);
        _certificates.Add(certificate);
        return server.StartOnLoopback(certificate);
    }

    private string Address(int port, string options = "", string user = "admin:changeit-7f3a@") =>
        $"esdb://{user}127.0.0.1:{port}?tls=true&tlsCaFile={Uri.EscapeDataString(_authority.PemFile)}{options}";

    protected override IEventStore CreateStore()
    {
        int port = StartServer();
        var store = EventStoreDbStore.Open(Address(port), Clock);
        _ports[store] = port;
        return store;
    }

    protected override IEventStore OpenAgain(IEventStore store)
    {
        var again = EventStoreDbStore.Open(Address(_ports[store]), Clock);
        _ports[again] = _ports[store];
        return again;
    }

    protected override IEventStore OpenOtherLedger(IEventStore store, string name)
    {
        var other = EventStoreDbStore.Open(Address(_ports[store]), Clock, null, name);
        _ports[other] = _ports[store];
        return other;
    }

    protected override DateTimeOffset StoreNow() => DateTimeOffset.UtcNow;

    public override void Dispose()
    {
        foreach (var server in _servers) server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (var certificate in _certificates) certificate.Dispose();
        _authority.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<LedgerStoreException> AppendFails(EventStoreDbStore store)
    {
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        return await Assert.ThrowsAsync<LedgerStoreException>(() => store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events));
    }

    [Fact]
    public async Task ACertificateOfAnUnknownAuthority_IsRefused_AndTheErrorNamesTlsCaFile()
    {
        int port = StartServer();
        using var store = EventStoreDbStore.Open($"esdb://admin:changeit-7f3a@127.0.0.1:{port}?tls=true");
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.HeadAsync());
        Assert.Contains("does not trust", e.Message);
        Assert.Contains("tlsCaFile", e.Message);
        Assert.DoesNotContain("changeit", e.Message);
    }

    [Fact]
    public async Task AnotherAuthoritysFile_DoesNotMakeTheCertificateTrusted()
    {
        int port = StartServer();
        using var other = new TestCertificateAuthority(_folder, "Someone else's CA");
        using var store = EventStoreDbStore.Open($"esdb://admin:changeit-7f3a@127.0.0.1:{port}?tlsCaFile={Uri.EscapeDataString(other.PemFile)}");
        Assert.Contains("does not trust", (await Assert.ThrowsAsync<LedgerStoreException>(() => store.HeadAsync())).Message);
    }

    [Fact]
    public async Task ACertificateForAnotherName_IsRefusedEvenFromTheTrustedAuthority()
    {
        int port = StartServer(["ledger.example"], []);
        using var store = EventStoreDbStore.Open(Address(port));
        Assert.Contains("does not trust", (await Assert.ThrowsAsync<LedgerStoreException>(() => store.HeadAsync())).Message);
        Assert.Equal(0, _servers[^1].ReadCalls);
    }

    [Fact]
    public async Task TlsVerifyCertFalse_AcceptsAnyCertificate()
    {
        int port = StartServer(["ledger.example"], []);
        using var store = EventStoreDbStore.Open($"esdb://admin:changeit-7f3a@127.0.0.1:{port}?tls=true&tlsVerifyCert=false");
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
    }

    [Fact]
    public async Task NoCredentials_AreAClearError_ThatSaysHowToGiveThem()
    {
        int port = StartServer();
        using var store = EventStoreDbStore.Open(Address(port, user: ""));
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.HeadAsync());
        Assert.Contains("did not accept the credentials (none were given", e.Message);
    }

    [Fact]
    public async Task AWrongPassword_IsAClearError_ThatNeverShowsThePassword()
    {
        int port = StartServer();
        using var store = EventStoreDbStore.Open(Address(port, user: "admin:not-the-password@"));
        var e = await AppendFails(store);
        Assert.Contains("of user 'admin'", e.Message);
        Assert.DoesNotContain("not-the-password", e.ToString());
        Assert.DoesNotContain("not-the-password", store.Description);
        Assert.Equal(0, _servers[^1].Appended);
    }

    [Fact]
    public async Task TlsFalse_AgainstATlsServer_IsAClearError()
    {
        int port = StartServer();
        using var store = EventStoreDbStore.Open($"esdb://admin:changeit-7f3a@127.0.0.1:{port}?tls=false");
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.HeadAsync());
        Assert.Contains("EventStoreDB 127.0.0.1", e.Message);
        Assert.Contains("tls=", e.Message);
    }

    [Fact]
    public void AMissingCaFile_IsAClearErrorAtOpen()
    {
        var e = Assert.Throws<LedgerStoreException>(() => EventStoreDbStore.Open($"esdb://127.0.0.1:2113?tlsCaFile={Uri.EscapeDataString(Path.Combine(_folder, "nope.pem"))}"));
        Assert.Contains("tlsCaFile", e.Message);
        Assert.Contains("nope.pem", e.Message);
    }

    [Fact]
    public async Task ARefusalWhileTheClientIsStillWriting_IsReadFromTheServer_AndNothingIsWritten()
    {
        // Over a real socket the server's refusal ends the call while megabytes are still being sent; the client must
        // report the server's status (access denied), not the write that could no longer be made.
        using var store = (EventStoreDbStore)CreateStore();
        _servers[^1].RefuseAppends = Grpc.Core.StatusCode.PermissionDenied;
        store.MaxAppendSize = 16 * 1024 * 1024;
        _servers[^1].MaxAppendSize = 16 * 1024 * 1024;
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        for (int i = 0; i < 3000; i++) chain.Append(ChainBuilder.Note(new string('x', 1000) + i));
        var e = await Assert.ThrowsAsync<LedgerStoreException>(() => store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events));
        Assert.Contains("denied access to user 'admin'", e.Message);
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
    }
}
