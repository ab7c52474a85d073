using CreatorLedger.Datasets;
using CreatorLedger.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CreatorLedger.Tests.Store;

/// <summary>
/// The SQLite hash cache a second check of a dataset is answered from: it must give back exactly the digests saved for
/// the paths asked for, whatever characters the paths hold, and survive files it cannot use.
/// </summary>
public sealed class SqliteHashCacheTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    // Paths whose UTF-16 order differs from their UTF-8 order (an astral character sorts below U+FFFD in UTF-16,
    // above it in UTF-8), accents, spaces and quotes: the range a chunk is read by must miss none of them.
    private static readonly string[] Paths =
    [
        "/data/a/0001.jpg", "/data/a/0002.jpg", "/data/a/é tude.png", "/data/a/\uFFFD.bin", "/data/a/\U0001F600.bin",
        "/data/a/it's \"quoted\".txt", "/data/b/0001.jpg", "/data/b/日本語.txt",
    ];

    [Fact]
    public void Find_AfterSave_GivesBackEachSavedDigest_ForThePathsAsked_AndNoOthers()
    {
        var path = _directory.File("hashes.db");
        var saved = Paths.Select((p, i) => new CachedDigest(p, 100 + i, 638_000_000_000_000_000 + i, Work(p))).ToArray();
        using (var cache = SqliteHashCache.Open(path)) cache.Save(saved);

        using var reopened = SqliteHashCache.Open(path);
        var all = reopened.Find(Paths);
        Assert.Equal(saved.OrderBy(d => d.Path, StringComparer.Ordinal), all.Values.OrderBy(d => d.Path, StringComparer.Ordinal));

        // Asked for two of them (and one never saved): the rows between them in the range are not answered.
        var some = reopened.Find(["/data/a/\U0001F600.bin", "/data/a/0002.jpg", "/data/a/never.bin"]);
        Assert.Equal(["/data/a/0002.jpg", "/data/a/\U0001F600.bin"], some.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(saved[4], some["/data/a/\U0001F600.bin"]);
        Assert.Empty(reopened.Find([]));
    }

    [Fact]
    public void Save_OfAPathAgain_ReplacesItsStampAndDigest()
    {
        using (var cache = SqliteHashCache.Open(_directory.File("hashes.db")))
        {
            cache.Save([new CachedDigest("/x", 1, 1, Work("old"))]);
            cache.Save([new CachedDigest("/x", 2, 3, Work("new"))]);
        }
        using var reopened = SqliteHashCache.Open(_directory.File("hashes.db"));
        Assert.Equal(new CachedDigest("/x", 2, 3, Work("new")), reopened.Find(["/x"])["/x"]);
    }

    [Fact]
    public void Open_ACacheOfTheFirstSchema_DropsItsOldTable_AndWorks()
    {
        var path = _directory.File("hashes.db");
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var command = old.CreateCommand();
            command.CommandText = "CREATE TABLE hashes (path TEXT PRIMARY KEY, size INTEGER NOT NULL, modified INTEGER NOT NULL, digest BLOB NOT NULL);" +
                "INSERT INTO hashes VALUES ('/x', 1, 1, zeroblob(32));";
            command.ExecuteNonQuery();
        }
        using (var cache = SqliteHashCache.Open(path))
        {
            Assert.Empty(cache.Find(["/x"]));
            cache.Save([new CachedDigest("/x", 1, 1, Work("x"))]);
        }
        using var reopened = SqliteHashCache.Open(path);
        Assert.Equal(Work("x"), reopened.Find(["/x"])["/x"].Work);
    }

    [Fact]
    public void Open_AFileThatIsNotACache_StartsAnEmptyOne()
    {
        var path = _directory.File("hashes.db");
        File.WriteAllText(path, "not a database, just text that happens to be here");
        using (var cache = SqliteHashCache.Open(path))
        {
            Assert.Empty(cache.Find(["/x"]));
            cache.Save([new CachedDigest("/x", 1, 1, Work("x"))]);
        }
        using var reopened = SqliteHashCache.Open(path);
        Assert.Equal(Work("x"), reopened.Find(["/x"]).Single().Value.Work);
    }

    private static WorkId Work(string name) => Licensing.LedgerScenario.Work(name);
}
