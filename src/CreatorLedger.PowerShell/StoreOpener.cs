using CreatorLedger.Ledger;

namespace CreatorLedger.PowerShell;

/// <summary>The one place a store is opened from what a user typed (<see cref="StoreAddress"/> says what it is): the session, Connect-Ledger and Sync-Ledger use it.</summary>
internal static class StoreOpener
{
    public static IEventStore Open(StoreAddress address, TimeProvider clock, System.Net.NetworkCredential? credential = null) => address.Kind switch
    {
        StoreKind.Sqlite => Sqlite.SqliteEventStore.Open(address.Text, clock),
        StoreKind.Postgres => Postgres.PostgresEventStore.Open(address.Text, clock),
        StoreKind.EventStoreDb => EventStore.EventStoreDbStore.Open(
            credential is null ? EventStore.EventStoreDbAddress.Parse(address.Text) : EventStore.EventStoreDbAddress.Parse(address.Text).WithCredential(credential), clock),
        _ => throw new LedgerStoreException($"'{address.Description}' is a file of events, not a store: import it (Import-LedgerEvent) or copy from it (Sync-Ledger)."),
    };

    /// <summary>The events a source holds, in its order: a store's, or a JSON Lines file's (its lines are its positions).</summary>
    public static async IAsyncEnumerable<StoredEnvelope> ReadJsonLines(string path)
    {
        await using var input = File.OpenRead(path);
        foreach (var (line, bytes) in JsonLines.Read(input)) yield return new StoredEnvelope(line, bytes, null);
    }

    /// <summary>The hash cache of a store, or null (with the reason) where it cannot be kept: files are then hashed every time.</summary>
    public static Datasets.IHashCache? OpenHashCache(StoreAddress address, out string? problem)
    {
        problem = null;
        try
        {
            return Sqlite.SqliteHashCache.Open(address.HashCacheFile);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            problem = $"The hash cache '{address.HashCacheFile}' cannot be used ({e.Message}); every file will be read.";
            return null;
        }
    }
}
