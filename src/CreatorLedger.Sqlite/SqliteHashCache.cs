using CreatorLedger.Events;
using Microsoft.Data.Sqlite;

namespace CreatorLedger.Sqlite;

/// <summary>
/// Digests of files already hashed, keyed by path and trusted while the file's size and modification time are
/// unchanged, so a second check of a dataset reads no file twice. A cache, not a ledger: a lost or deleted cache
/// only costs re-hashing (synchronous=NORMAL; a damaged file is replaced).
/// </summary>
public sealed class SqliteHashCache : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _save;

    private SqliteHashCache(SqliteConnection connection)
    {
        _connection = connection;
        _find = connection.CreateCommand();
        _find.CommandText = "SELECT digest FROM hashes WHERE path = $p AND size = $s AND modified = $m";
        _find.Parameters.Add("$p", SqliteType.Text);
        _find.Parameters.Add("$s", SqliteType.Integer);
        _find.Parameters.Add("$m", SqliteType.Integer);
        _save = connection.CreateCommand();
        _save.CommandText = "INSERT OR REPLACE INTO hashes (path, size, modified, digest) VALUES ($p, $s, $m, $d)";
        _save.Parameters.Add("$p", SqliteType.Text);
        _save.Parameters.Add("$s", SqliteType.Integer);
        _save.Parameters.Add("$m", SqliteType.Integer);
        _save.Parameters.Add("$d", SqliteType.Blob);
    }

    /// <summary>The cache beside a store file: <c>ledger.db</c> → <c>ledger.hashes.db</c>.</summary>
    public static string PathBeside(string storePath) =>
        Path.Combine(Path.GetDirectoryName(storePath) ?? ".", Path.GetFileNameWithoutExtension(storePath) + ".hashes.db");

    public static SqliteHashCache Open(string path)
    {
        try
        {
            return OpenOrThrow(path);
        }
        catch (SqliteException)
        {
            // Not a cache (or damaged): start a new one rather than fail a check over it.
            SqliteConnection.ClearAllPools();
            File.Delete(path);
            return OpenOrThrow(path);
        }
    }

    private static SqliteHashCache OpenOrThrow(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;
            CREATE TABLE IF NOT EXISTS hashes (path TEXT PRIMARY KEY, size INTEGER NOT NULL, modified INTEGER NOT NULL, digest BLOB NOT NULL);
            """;
        command.ExecuteNonQuery();
        return new SqliteHashCache(connection);
    }

    /// <summary>Looks up many files at once (one transaction); null where the cache has no current digest.</summary>
    public WorkId?[] Find(IReadOnlyList<(string Path, long Size, long Modified)> files)
    {
        var found = new WorkId?[files.Count];
        using var transaction = _connection.BeginTransaction(deferred: true);
        _find.Transaction = transaction;
        for (int i = 0; i < files.Count; i++)
        {
            _find.Parameters[0].Value = files[i].Path;
            _find.Parameters[1].Value = files[i].Size;
            _find.Parameters[2].Value = files[i].Modified;
            if (_find.ExecuteScalar() is byte[] digest && digest.Length == 32) found[i] = WorkId.FromHash(digest);
        }
        transaction.Commit();
        return found;
    }

    public void Save(IReadOnlyList<(string Path, long Size, long Modified, WorkId Work)> files)
    {
        if (files.Count == 0) return;
        using var transaction = _connection.BeginTransaction();
        _save.Transaction = transaction;
        foreach (var (path, size, modified, work) in files)
        {
            _save.Parameters[0].Value = path;
            _save.Parameters[1].Value = size;
            _save.Parameters[2].Value = modified;
            _save.Parameters[3].Value = Convert.FromHexString(work.Value["sha256:".Length..]);
            _save.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public void Dispose()
    {
        _find.Dispose();
        _save.Dispose();
        _connection.Dispose();
    }
}
