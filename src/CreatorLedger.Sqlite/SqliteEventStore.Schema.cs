using CreatorLedger.Ledger;
using Microsoft.Data.Sqlite;

namespace CreatorLedger.Sqlite;

public sealed partial class SqliteEventStore
{
    internal const int SchemaVersion = 1;

    private const string CreateSchema = """
        CREATE TABLE IF NOT EXISTS ledger_meta (
            key   TEXT PRIMARY KEY,
            value BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS events (
            position INTEGER PRIMARY KEY,
            -- Ids are random: an index on them would dirty a page per event and halve the append rate.
            -- Events are found by (stream, seq); the id is kept to rebuild the Merkle frontier.
            id       BLOB NOT NULL,
            stream   TEXT NOT NULL,
            seq      INTEGER NOT NULL,
            type     TEXT NOT NULL,
            recorded TEXT NOT NULL,
            envelope BLOB NOT NULL,
            UNIQUE (stream, seq)
        );

        CREATE TRIGGER IF NOT EXISTS events_refuse_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: events cannot be updated'); END;
        CREATE TRIGGER IF NOT EXISTS events_refuse_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: events cannot be deleted'); END;
        """;

    private void Initialize()
    {
        using var connection = Connect();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        var tables = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) tables.Add(reader.GetString(0));
        if (tables.Count > 0 && !tables.Contains("ledger_meta"))
            throw new LedgerStoreException($"'{Path}' is an SQLite database but not a CreatorLedger store (it holds {string.Join(", ", tables)}).");

        command.CommandText = CreateSchema;
        command.ExecuteNonQuery();
        command.CommandText = "SELECT value FROM ledger_meta WHERE key = 'schema'";
        var version = command.ExecuteScalar();
        if (version is null)
        {
            command.CommandText = "INSERT INTO ledger_meta (key, value) VALUES ('schema', $v), ('merkle', $m)";
            command.Parameters.AddWithValue("$v", SchemaVersion);
            command.Parameters.AddWithValue("$m", new MerkleTree().Save());
            command.ExecuteNonQuery();
        }
        else if (Convert.ToInt32(version, System.Globalization.CultureInfo.InvariantCulture) > SchemaVersion)
        {
            throw new LedgerStoreException($"'{Path}' was written by a newer CreatorLedger (schema {version}); this version reads schema {SchemaVersion}. Update the module.");
        }
        transaction.Commit();
    }

    private static MerkleTree LoadTree(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM ledger_meta WHERE key = 'merkle'";
        var saved = (byte[]?)command.ExecuteScalar() ?? throw new LedgerStoreException("The ledger has no Merkle head.");
        var tree = MerkleTree.Load(saved);
        command.CommandText = "SELECT coalesce(max(position), 0) FROM events";
        var size = (long)command.ExecuteScalar()!;
        if (size == tree.Size) return tree;
        // The saved frontier is behind the events (it should never be): rebuild it from the ids.
        tree = new MerkleTree();
        command.CommandText = "SELECT id FROM events ORDER BY position";
        using var reader = command.ExecuteReader();
        while (reader.Read()) tree.Append((byte[])reader[0]);
        return tree;
    }
}
