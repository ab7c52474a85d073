using CreatorLedger.Ledger;
using Microsoft.Data.Sqlite;

namespace CreatorLedger.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, <c>synchronous=FULL</c>, events kept byte for byte in an
/// append-only table (triggers refuse UPDATE and DELETE), gap-free positions assigned inside the write
/// transaction, and the Merkle frontier saved with every append. Safe for several processes at once: appends
/// take SQLite's write lock (BEGIN IMMEDIATE) and re-read the stream heads under it.
/// </summary>
public sealed partial class SqliteEventStore : LedgerStore
{
    private readonly string _connectionString;

    private SqliteEventStore(string path, TimeProvider? clock) : base(clock)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
    }

    public string Path { get; }

    public override string Description => $"SQLite {Path}";

    /// <summary>Opens (creating if missing) a ledger file, checking that it is one.</summary>
    public static SqliteEventStore Open(string path, TimeProvider? clock = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full);
        if (directory is not null) Directory.CreateDirectory(directory);
        var store = new SqliteEventStore(full, clock);
        try
        {
            store.Initialize();
        }
        catch (SqliteException e)
        {
            store.Dispose();
            throw Translate(e, full);
        }
        catch
        {
            store.Dispose();
            throw;
        }
        return store;
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout=60000; PRAGMA synchronous=FULL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    internal static LedgerStoreException Translate(SqliteException e, string path) => e.SqliteErrorCode switch
    {
        26 => new LedgerStoreException($"'{path}' is not a CreatorLedger store: it is not an SQLite database.", e),
        11 => new LedgerStoreException($"The ledger file '{path}' is corrupt: {e.Message}", e),
        14 => new LedgerStoreException($"The ledger file '{path}' cannot be opened: {e.Message}", e),
        _ => new LedgerStoreException($"The ledger file '{path}' failed: {e.Message}", e),
    };

    public override void Dispose()
    {
        // Pooled connections would keep the file open (and its WAL) after the store is gone.
        SqliteConnection.ClearAllPools();
    }
}
