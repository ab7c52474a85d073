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
            lock (Gate) return _store ??= Environment.GetEnvironmentVariable(LedgerHome.PostgresVariable) is { Length: > 0 } server
                ? Postgres.PostgresEventStore.Open(server)
                : SqliteEventStore.Open(LedgerHome.DefaultStorePath);
        }
    }

    /// <summary>
    /// Where the license projection of <paramref name="store"/> is saved: beside a SQLite file; for a server, in the
    /// home's cache folder under a name derived from the server and database (never the password).
    /// </summary>
    public static string? ProjectionFileFor(IEventStore store)
    {
        if (store is SqliteEventStore sqlite) return Licensing.LicenseProjectionFile.BesideStore(sqlite.Path);
        var cache = System.IO.Path.Combine(LedgerHome.Directory, "cache");
        try { System.IO.Directory.CreateDirectory(cache); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(store.Description)))[..16];
        return System.IO.Path.Combine(cache, name + ".projection");
    }

    public static IEventStore Connect(string path) => Use(SqliteEventStore.Open(path));

    public static IEventStore ConnectServer(string connectionString) => Use(Postgres.PostgresEventStore.Open(connectionString));

    /// <summary>Connects to EventStoreDB and reads its head once, so that a server that is down fails here, clearly.</summary>
    public static IEventStore ConnectEventStore(string address, System.Net.NetworkCredential? credential = null)
    {
        var parsed = EventStore.EventStoreDbAddress.Parse(address);
        var store = EventStore.EventStoreDbStore.Open(credential is null ? parsed : parsed.WithCredential(credential));
        try
        {
            store.HeadAsync().GetAwaiter().GetResult();
        }
        catch
        {
            store.Dispose();
            throw;
        }
        return Use(store);
    }

    private static IEventStore Use(IEventStore store)
    {
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
