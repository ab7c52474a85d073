using CreatorLedger.Transparency;
using Microsoft.Data.Sqlite;

namespace CreatorLedger.Witness;

/// <summary>
/// The witness's memory: the latest cosigned checkpoint per origin, in one SQLite file (WAL, synchronous=FULL). A decision
/// is made inside <c>BEGIN IMMEDIATE</c> … <c>COMMIT</c>, so checking the old size and storing the new checkpoint are one step
/// (tlog-witness's race between two requests), and a crash before the commit leaves the previous state.
/// </summary>
public sealed class WitnessState : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private WitnessState(SqliteConnection connection) => _connection = connection;

    public static WitnessState Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, """
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=FULL;
                PRAGMA busy_timeout=10000;
                CREATE TABLE IF NOT EXISTS latest (
                    origin TEXT PRIMARY KEY NOT NULL,
                    size INTEGER NOT NULL CHECK (size >= 0),
                    root BLOB NOT NULL CHECK (length(root) = 32),
                    note TEXT NOT NULL
                ) STRICT;
                """);
            return new WitnessState(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The latest cosigned checkpoint of <paramref name="origin"/>, or null if the witness never cosigned one.</summary>
    public WitnessRecord? Latest(string origin)
    {
        lock (_gate) return Read(origin);
    }

    /// <summary>
    /// Reads the latest record of <paramref name="origin"/>, lets <paramref name="decide"/> judge it, writes the record it returns
    /// (if any) and commits; only then does the result leave. Nothing is written if <paramref name="decide"/> throws or returns none.
    /// </summary>
    public T Decide<T>(string origin, Func<WitnessRecord?, (T Result, WitnessRecord? Write)> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        lock (_gate)
        {
            Execute(_connection, "BEGIN IMMEDIATE;");
            try
            {
                var (result, write) = decide(Read(origin));
                if (write is not null)
                {
                    if (!string.Equals(write.Origin, origin, StringComparison.Ordinal))
                        throw new InvalidOperationException("A decision writes the origin it read.");
                    using var command = _connection.CreateCommand();
                    command.CommandText = "INSERT OR REPLACE INTO latest (origin, size, root, note) VALUES ($origin, $size, $root, $note);";
                    command.Parameters.AddWithValue("$origin", origin);
                    command.Parameters.AddWithValue("$size", write.Size);
                    command.Parameters.AddWithValue("$root", write.Root.ToArray());
                    command.Parameters.AddWithValue("$note", write.Note.ToString());
                    command.ExecuteNonQuery();
                }
                Execute(_connection, "COMMIT;");
                return result;
            }
            catch
            {
                // A failed COMMIT may already have rolled back; the first error is the one to report.
                try { Execute(_connection, "ROLLBACK;"); } catch (SqliteException) { }
                throw;
            }
        }
    }

    private WitnessRecord? Read(string origin)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT size, root, note FROM latest WHERE origin = $origin;";
        command.Parameters.AddWithValue("$origin", origin);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new WitnessRecord(origin, reader.GetInt64(0), (byte[])reader.GetValue(1), SignedNote.Parse(reader.GetString(2)));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
