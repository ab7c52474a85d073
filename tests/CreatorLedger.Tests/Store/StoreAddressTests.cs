using CreatorLedger.Ledger;
using Xunit;

namespace CreatorLedger.Tests.Store;

/// <summary>The one place that decides what a typed store name means, and what of it may be shown.</summary>
public sealed class StoreAddressTests
{
    [Theory]
    [InlineData("esdb://admin:changeit@node1:2113?tls=false", StoreKind.EventStoreDb)]
    [InlineData("Host=db.example;Database=ledger;Username=sofia;Password=hunter2", StoreKind.Postgres)]
    [InlineData("Server=db.example;Database=ledger", StoreKind.Postgres)]
    [InlineData("mirror.jsonl", StoreKind.JsonLines)]
    [InlineData("mirror.NDJSON", StoreKind.JsonLines)]
    [InlineData("ledger.db", StoreKind.Sqlite)]
    [InlineData("folder/host=it.db", StoreKind.Sqlite)]
    public void Parse_TellsTheKind(string text, StoreKind kind) => Assert.Equal(kind, StoreAddress.Parse(text).Kind);

    [Fact]
    public void Description_NeverHoldsAPassword()
    {
        Assert.Equal("esdb://admin:***@node1:2113?tls=false", StoreAddress.Parse("esdb://admin:changeit@node1:2113?tls=false").Description);
        var postgres = StoreAddress.Parse("Host=db.example;Port=6543;Database=ledger;Username=sofia;Password=hunter2");
        Assert.Equal("PostgreSQL db.example:6543/ledger", postgres.Description);
        Assert.DoesNotContain("hunter2", postgres.ProjectionFile, StringComparison.Ordinal);
    }

    [Fact]
    public void SideFiles_LieBesideAFile_AndInTheHomeForAServer()
    {
        var file = StoreAddress.Parse("/data/ledger.db");
        Assert.Equal("/data/ledger.projection", file.ProjectionFile);
        Assert.Equal("/data/ledger.hashes.db", file.HashCacheFile);
        var server = StoreAddress.Parse("Host=db.example;Database=ledger");
        Assert.StartsWith(Path.Combine(LedgerHome.Directory, "cache"), server.ProjectionFile, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(LedgerHome.Directory, "hashes.db"), server.HashCacheFile);
    }
}
