using Microsoft.Data.Sqlite;

namespace CreatorLedger.Benchmarks;

/// <summary>The baseline of the read benchmarks: a bare SQLite SELECT of the stored rows, bytes copied out and nothing parsed.</summary>
internal static class SqliteRows
{
    /// <summary>Reads every row (position, recorded, envelope, and the id when <paramref name="withId"/>) and returns the bytes read.</summary>
    public static long Read(string path, bool withId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = withId
            ? "SELECT position, recorded, envelope, id FROM events ORDER BY position"
            : "SELECT position, recorded, envelope FROM events ORDER BY position";
        using var reader = command.ExecuteReader();
        long bytes = 0;
        while (reader.Read())
        {
            _ = reader.GetInt64(0);
            _ = reader.GetString(1);
            bytes += ((byte[])reader[2]).Length;
            if (withId) bytes += ((byte[])reader[3]).Length;
        }
        return bytes;
    }
}
