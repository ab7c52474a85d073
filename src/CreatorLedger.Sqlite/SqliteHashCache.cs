using System.Buffers;
using System.Text;
using CreatorLedger.Datasets;
using CreatorLedger.Ledger;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CreatorLedger.Sqlite;

/// <summary>
/// Digests of files already hashed, keyed by path and trusted while the file's size and modification time are
/// unchanged, so a second check of a dataset reads no file twice. A cache, not a ledger: a lost or deleted cache
/// only costs re-hashing (synchronous=NORMAL; a damaged file is replaced).
/// </summary>
/// <remarks>
/// A warm check of 100,000 files is bound by how fast the cache answers, so rows are read and written through SQLite's
/// own statements (SQLitePCL.raw, under Microsoft.Data.Sqlite): a path is looked up as the UTF-8 bytes SQLite holds,
/// with no string made for rows that were not asked for, and the table has no rowid, so a row is one b-tree entry.
/// </remarks>
public sealed class SqliteHashCache : IHashCache
{
    // The table of the first caches (a rowid table plus an index on path): dropped, its digests only cost one re-hash.
    private const string Schema = """
        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;
        DROP TABLE IF EXISTS hashes;
        CREATE TABLE IF NOT EXISTS file_digests (path TEXT PRIMARY KEY, size INTEGER NOT NULL, modified INTEGER NOT NULL, digest BLOB NOT NULL) WITHOUT ROWID;
        """;

    // Two connections: digests of one chunk are written in the background (WAL) while the next chunk is looked up and hashed.
    private readonly SqliteConnection _connection;
    private readonly SqliteConnection _reader;
    private readonly sqlite3_stmt _find;
    private readonly sqlite3_stmt _save;
    private Task _saving = Task.CompletedTask;

    private SqliteHashCache(SqliteConnection connection, SqliteConnection reader)
    {
        _connection = connection;
        _reader = reader;
        _find = Prepare(reader, "SELECT path, size, modified, digest FROM file_digests WHERE path BETWEEN ?1 AND ?2");
        _save = Prepare(connection, "INSERT OR REPLACE INTO file_digests (path, size, modified, digest) VALUES (?1, ?2, ?3, ?4)");
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
        SqliteConnection? reader = null;
        try
        {
            connection.Open();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = Schema;
                command.ExecuteNonQuery();
            }
            reader = new SqliteConnection(connection.ConnectionString);
            reader.Open();
            // Statements run through SQLitePCL.raw wait for a busy database only by SQLite's own handler, set per connection.
            using (var command = reader.CreateCommand())
            {
                command.CommandText = "PRAGMA busy_timeout=30000;";
                command.ExecuteNonQuery();
            }
            return new SqliteHashCache(connection, reader);
        }
        catch
        {
            reader?.Dispose();
            connection.Dispose();
            throw;
        }
    }

    private static sqlite3_stmt Prepare(SqliteConnection connection, string sql)
    {
        Check(connection, raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement));
        return statement;
    }

    // Errors as Microsoft.Data.Sqlite reports them, so that callers catch one exception type.
    private static void Check(SqliteConnection connection, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
            throw new SqliteException(raw.sqlite3_errmsg(connection.Handle).utf8_to_string(), result, raw.sqlite3_extended_errcode(connection.Handle));
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
        var asked = new HashSet<string>(paths.Count, StringComparer.Ordinal);
        foreach (var path in paths)
        {
            asked.Add(path);
            if (Utf8Compare(path, first) < 0) first = path;
            if (Utf8Compare(path, last) > 0) last = path;
        }
        var lookup = asked.GetAlternateLookup<ReadOnlySpan<char>>();
        char[]? rented = null;
        try
        {
            Check(_reader, raw.sqlite3_bind_text(_find, 1, first));
            Check(_reader, raw.sqlite3_bind_text(_find, 2, last));
            int step;
            while ((step = raw.sqlite3_step(_find)) == raw.SQLITE_ROW)
            {
                var digest = raw.sqlite3_column_blob(_find, 3);
                if (digest.Length != 32) continue;
                // The path is matched as the caller's string: no string is made for a row nobody asked for.
                var utf8 = raw.sqlite3_column_blob(_find, 0);
                if (rented is null || rented.Length < utf8.Length) { if (rented is not null) ArrayPool<char>.Shared.Return(rented); rented = ArrayPool<char>.Shared.Rent(Math.Max(256, utf8.Length)); }
                if (!Encoding.UTF8.TryGetChars(utf8, rented, out int length) || !lookup.TryGetValue(rented.AsSpan(0, length), out var path)) continue;
                found[path] = new CachedDigest(path, raw.sqlite3_column_int64(_find, 1), raw.sqlite3_column_int64(_find, 2), WorkId.FromHash(digest));
            }
            Check(_reader, step);
        }
        finally
        {
            raw.sqlite3_reset(_find);
            raw.sqlite3_clear_bindings(_find);
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
        return found;
    }

    // Ordinal order of UTF-16 is the order of UTF-8 bytes except around surrogates: only then are bytes compared.
    private static int Utf8Compare(string a, string b)
    {
        if (a.AsSpan().IndexOfAnyInRange('\uD800', '\uFFFF') < 0 && b.AsSpan().IndexOfAnyInRange('\uD800', '\uFFFF') < 0)
            return string.CompareOrdinal(a, b);
        var x = Encoding.UTF8.GetBytes(a);
        var y = Encoding.UTF8.GetBytes(b);
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
        Span<byte> digest = stackalloc byte[32];
        foreach (var (path, size, modified, work) in files)
        {
            Hash256.Of(work).WriteTo(digest);
            Check(_connection, raw.sqlite3_bind_text(_save, 1, path));
            Check(_connection, raw.sqlite3_bind_int64(_save, 2, size));
            Check(_connection, raw.sqlite3_bind_int64(_save, 3, modified));
            Check(_connection, raw.sqlite3_bind_blob(_save, 4, digest));
            int step = raw.sqlite3_step(_save);
            raw.sqlite3_reset(_save);
            Check(_connection, step);
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
