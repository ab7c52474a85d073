using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Sqlite;

namespace CreatorLedger.Benchmarks;

/// <summary>A throwaway folder under the system temp path, deleted on dispose.</summary>
internal sealed class Workspace : IDisposable
{
    private static readonly string Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "creatorledger-bench");

    public Workspace(string purpose)
    {
        Path = System.IO.Path.Combine(Root, $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A fresh SQLite ledger with one creator identity on it (not timed by any benchmark).</summary>
    public async Task<(SqliteEventStore Store, SigningKey Key)> NewLedgerAsync(string name)
    {
        var store = SqliteEventStore.Open(File(name));
        var key = SigningKey.Generate();
        await Author.CreateIdentityAsync(store, key, new IdentityCreated("Bench Creator", "creator")).ConfigureAwait(false);
        return (store, key);
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException e) { Console.Error.WriteLine($"warning: could not delete {Path}: {e.Message}"); }
    }

    /// <summary>Removes the shared parent folder once no workspace (of this or a concurrent run) is left in it.</summary>
    public static void RemoveRootIfEmpty()
    {
        try
        {
            if (Directory.Exists(Root) && !Directory.EnumerateFileSystemEntries(Root).Any()) Directory.Delete(Root);
        }
        catch (IOException) { }
    }
}
