using CreatorLedger.Ledger;
using CreatorLedger.Sqlite;

namespace CreatorLedger.PowerShell;

/// <summary>The store this PowerShell session uses: the one Connect-Ledger chose, else the default file.</summary>
internal static class LedgerSession
{
    private static readonly Lock Gate = new();
    private static IEventStore? _store;

    public static IEventStore Store
    {
        get
        {
            lock (Gate) return _store ??= SqliteEventStore.Open(LedgerHome.DefaultStorePath);
        }
    }

    /// <summary>Where the license projection of <paramref name="store"/> is saved: beside its file (null: not saved, replayed each time).</summary>
    public static string? ProjectionFileFor(IEventStore store) =>
        store is SqliteEventStore sqlite ? Licensing.LicenseProjectionFile.BesideStore(sqlite.Path) : null;

    public static IEventStore Connect(string path)
    {
        var store = SqliteEventStore.Open(path);
        lock (Gate)
        {
            _store?.Dispose();
            _store = store;
        }
        return store;
    }

    public static void Disconnect()
    {
        lock (Gate)
        {
            _store?.Dispose();
            _store = null;
        }
    }
}
