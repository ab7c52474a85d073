using CreatorLedger.EventStore;
using CreatorLedger.Ledger;
using Xunit;

namespace CreatorLedger.Tests.Store;

/// <summary>The connection strings EventStoreDB's own clients take, as far as one node goes.</summary>
public sealed class EventStoreDbAddressTests
{
    [Theory]
    [InlineData("esdb://127.0.0.1:2113?tls=false", "http://127.0.0.1:2113/")]
    [InlineData("esdb://db.example.org?tls=true", "https://db.example.org:2113/")]
    [InlineData("esdb://db.example.org:1234", "https://db.example.org:1234/")]
    [InlineData("ESDB://db.example.org:1234?TLS=False", "http://db.example.org:1234/")]
    [InlineData("http://localhost:5000", "http://localhost:5000/")]
    public void Parse_MapsToTheGrpcEndpoint(string address, string expected) =>
        Assert.Equal(expected, EventStoreDbAddress.Parse(address).Endpoint.ToString());

    [Fact]
    public void Parse_UserAndPassword_AreKeptApart_AndDecoded()
    {
        var address = EventStoreDbAddress.Parse("esdb://ops%40society:p%3Ass%40word@db.example.org:2113?tlsVerifyCert=false&tlsCaFile=%2Fetc%2Fca.pem");
        Assert.Equal(("ops@society", "p:ss@word"), (address.Credential!.UserName, address.Credential.Password));
        Assert.Equal("db.example.org:2113", address.Node);
        Assert.False(address.VerifyCertificate);
        Assert.Equal("/etc/ca.pem", address.CaFile);
        Assert.DoesNotContain("word", address.ToString());
    }

    [Theory]
    [InlineData("ftp://x", "not an EventStoreDB address")]
    [InlineData("127.0.0.1:2113", "not an EventStoreDB address")]
    [InlineData("esdb+discover://cluster.example.org:2113", "not supported")]
    [InlineData("esdb://a:2113,,c:2113?tls=false", "is not host[:port]")]
    [InlineData("esdb://127.0.0.1:2113?tls=maybe", "tls must be true or false")]
    [InlineData("esdb://127.0.0.1:2113?tls=false&nodePreference=leader", "'nodepreference'")]
    [InlineData("esdb://admin@127.0.0.1:2113", "user:password@")]
    public void Parse_Refuses_WithAClearMessage(string address, string expected) =>
        Assert.Contains(expected, Assert.Throws<LedgerStoreException>(() => EventStoreDbAddress.Parse(address)).Message);

    [Fact]
    public void Parse_SeveralNodes_AreKeptInOrder_EachWithTheDefaultPort()
    {
        var address = EventStoreDbAddress.Parse("esdb://admin:pw@node1,node2:2114,node3?tlsCaFile=ca.pem");
        Assert.Equal(["https://node1:2113/", "https://node2:2114/", "https://node3:2113/"], address.Nodes.Select(n => n.ToString()));
        Assert.Equal("node1:2113", address.Node);
        Assert.Equal("node2:2114", address.NextNode().Node);
        Assert.Equal("node1:2113", address.NextNode().NextNode().NextNode().Node);
        var leader = address.WithNode("node3", 2113);
        Assert.Equal(["node3:2113", "node1:2113", "node2:2114"], leader.Nodes.Select(n => $"{n.Host}:{n.Port}"));
        Assert.Equal("esdb://admin:***@node1:2113,node2:2114,node3:2113?tls=true&tlsCaFile=ca.pem", address.ToString());
    }

    [Fact]
    public void Parse_AMalformedAddress_NeverShowsThePassword()
    {
        var e = Assert.Throws<LedgerStoreException>(() => EventStoreDbAddress.Parse("esdb://admin:s3cret-pw@127.0.0.1:2113?tls=maybe"));
        Assert.DoesNotContain("s3cret-pw", e.Message);
        Assert.Contains("admin:***@", e.Message);
    }
}
