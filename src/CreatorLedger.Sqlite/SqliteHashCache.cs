using CreatorLedger.Datasets;
using CreatorLedger.Ledger;
using Microsoft.Data.Sqlite;

namespace CreatorLedger.Sqlite;

/// <summary>
/// Digests of files already hashed, keyed by path and trusted while the file's size and modification time are
/// unchanged, so a second check of a dataset reads no file twice. A cache, not a ledger: a lost or deleted cache
/// only costs re-hashing (synchronous=NORMAL; a damaged file is replaced).
/// </summary>
public sealed class SqliteHashCache : IHashCache
{
    // Two connections: digests of one chunk are written in the background (WAL) while the next chunk is looked up and hashed.
    private readonly SqliteConnection _connection;
    private readonly SqliteConnection _reader;
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _save;
    private Task _saving = Task.CompletedTask;

    private SqliteHashCache(SqliteConnection connection, SqliteConnection reader)
    {
        _connection = connection;
        _reader = reader;
        _find = reader.CreateCommand();
        _find.CommandText = "SELECT path, size, modified, digest FROM hashes WHERE path BETWEEN $first AND $last";
        _find.Parameters.Add("$first", SqliteType.Text);
        _find.Parameters.Add("$last", SqliteType.Text);
        _save = connection.CreateCommand();
        _save.CommandText = "INSERT OR REPLACE INTO hashes (path, size, modified, digest) VALUES ($p, $s, $m, $d)";
        _save.Parameters.Add("$p", SqliteType.Text);
        _save.Parameters.Add("$s", SqliteType.Integer);
        _save.Parameters.Add("$m", SqliteType.Integer);
        _save.Parameters.Add("$d", SqliteType.Blob);
    }

    /// <summary>The cache beside a store file: <c>ledger.db</c> → <c>ledger.hashes.db</c>.</summary>
    public static string PathBeside(string storePath) => StoreAddress.SqliteFile(storePath).HashCacheFile;

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
        var reader = new SqliteConnection(connection.ConnectionString);
        reader.Open();
        return new SqliteHashCache(connection, reader);
    }

    /// <summary>
    /// What the cache holds for <paramref name="paths"/>, read in one pass over the range of paths they span (a chunk
    /// of a dataset is a few folders, so the range is about as large as the chunk): one query instead of one per file.
    /// The result may be read from several threads.
    /// </summary>
    public IReadOnlyDictionary<string, CachedDigest> Find(IReadOnlyList<string> paths)
    {
        var found = new Dictionary<string, CachedDigest>(paths.Count, StringComparer.Ordinal);
        if (paths.Count == 0) return found;
        // SQLite compares text as UTF-8 bytes; the range is taken the same way, so no cached path is missed.
        string first = paths[0], last = paths[0];
        foreach (var path in paths)
        {
            if (Utf8Compare(path, first) < 0) first = path;
            if (Utf8Compare(path, last) > 0) last = path;
        }
        _find.Parameters[0].Value = first;
        _find.Parameters[1].Value = last;
        using var reader = _find.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetValue(3) is byte[] { Length: 32 } digest)
                found[reader.GetString(0)] = new CachedDigest(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), WorkId.FromHash(digest));
        }
        return found;
    }

    // Ordinal order of UTF-16 is the order of UTF-8 bytes except around surrogates: only then are bytes compared.
    private static int Utf8Compare(string a, string b)
    {
        if (a.AsSpan().IndexOfAnyInRange('\uD800', '\uFFFF') < 0 && b.AsSpan().IndexOfAnyInRange('\uD800', '\uFFFF') < 0)
            return string.CompareOrdinal(a, b);
        var x = System.Text.Encoding.UTF8.GetBytes(a);
        var y = System.Text.Encoding.UTF8.GetBytes(b);
        return x.AsSpan().SequenceCompareTo(y);
    }

    /// <summary>
    /// Records digests in the background; the previous save is finished first, and <see cref="Dispose"/> waits for the
    /// last. A save that fails only costs re-hashing next time.
    /// </summary>
    public void Save(IReadOnlyList<CachedDigest> files)
    {
        if (files.Count == 0) return;
        var previous = _saving;
        _saving = Task.Run(() =>
        {
            previous.GetAwaiter().GetResult();
            Write(files);
        });
    }

    private void Write(IReadOnlyList<CachedDigest> files)
    {
        using var transaction = _connection.BeginTransaction();
        _save.Transaction = transaction;
        foreach (var (path, size, modified, work) in files)
        {
            _save.Parameters[0].Value = path;
            _save.Parameters[1].Value = size;
            _save.Parameters[2].Value = modified;
            _save.Parameters[3].Value = work.ToBytes();
            _save.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public void Dispose()
    {
        try
        {
            _saving.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            // The digests are not kept: the next check reads those files again.
        }
        _find.Dispose();
        _save.Dispose();
        _reader.Dispose();
        _connection.Dispose();
    }
}
