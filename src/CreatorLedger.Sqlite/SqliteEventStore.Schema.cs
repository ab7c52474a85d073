using CreatorLedger.Ledger;
using Microsoft.Data.Sqlite;

namespace CreatorLedger.Sqlite;

public sealed partial class SqliteEventStore
{
    // 2: tile hashes of the Merkle tree, and signed checkpoint notes (DESIGN §9).
    internal const int SchemaVersion = 2;

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

        -- The Merkle tree's complete nodes of height 8, 16, …: the entries of tlog-tiles' tiles above level 0 (whose
        -- entries are the leaf hashes, from the event ids). About one row per 256 events.
        CREATE TABLE IF NOT EXISTS tree_tiles (
            height INTEGER NOT NULL,
            idx    INTEGER NOT NULL,
            hash   BLOB NOT NULL,
            PRIMARY KEY (height, idx)
        ) WITHOUT ROWID;
        -- Signed checkpoint notes as signed or received (a note with more cosignatures is kept as a note of its own).
        CREATE TABLE IF NOT EXISTS checkpoint_notes (
            number   INTEGER PRIMARY KEY,
            size     INTEGER NOT NULL,
            root     TEXT NOT NULL,
            origin   TEXT NOT NULL,
            log_key  TEXT NOT NULL,
            recorded TEXT NOT NULL,
            note     BLOB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS checkpoint_notes_size ON checkpoint_notes (size);

        CREATE TRIGGER IF NOT EXISTS events_refuse_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: events cannot be updated'); END;
        CREATE TRIGGER IF NOT EXISTS events_refuse_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: events cannot be deleted'); END;
        CREATE TRIGGER IF NOT EXISTS tree_tiles_refuse_update BEFORE UPDATE ON tree_tiles
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: tree tiles cannot be updated'); END;
        CREATE TRIGGER IF NOT EXISTS tree_tiles_refuse_delete BEFORE DELETE ON tree_tiles
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: tree tiles cannot be deleted'); END;
        CREATE TRIGGER IF NOT EXISTS checkpoint_notes_refuse_update BEFORE UPDATE ON checkpoint_notes
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: checkpoint notes cannot be updated'); END;
        CREATE TRIGGER IF NOT EXISTS checkpoint_notes_refuse_delete BEFORE DELETE ON checkpoint_notes
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: checkpoint notes cannot be deleted'); END;
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
        else if (Convert.ToInt32(version, System.Globalization.CultureInfo.InvariantCulture) is var stored && stored > SchemaVersion)
        {
            throw new LedgerStoreException($"'{Path}' was written by a newer CreatorLedger (schema {version}); this version reads schema {SchemaVersion}. Update the module.");
        }
        else if (stored < SchemaVersion)
        {
            // Schema 1 had no tree tiles: work them out once from the ids, as appends would have written them.
            BackfillTiles(connection, transaction);
            command.CommandText = "UPDATE ledger_meta SET value = $v WHERE key = 'schema'";
            command.Parameters.AddWithValue("$v", SchemaVersion);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static void BackfillTiles(SqliteConnection connection, SqliteTransaction transaction)
    {
        var tree = new MerkleTree();
        tree.RecordTileHashes();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT id FROM events ORDER BY position";
            using var reader = command.ExecuteReader();
            while (reader.Read()) tree.Append((byte[])reader[0]);
        }
        InsertTiles(connection, transaction, tree.NewTileHashes);
    }

    private static void InsertTiles(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<TileHash> tiles)
    {
        if (tiles.Count == 0) return;
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO tree_tiles (height, idx, hash) VALUES ($h, $i, $x)";
        var height = insert.Parameters.Add("$h", SqliteType.Integer);
        var index = insert.Parameters.Add("$i", SqliteType.Integer);
        var hash = insert.Parameters.Add("$x", SqliteType.Blob);
        insert.Prepare();
        foreach (var tile in tiles)
        {
            height.Value = tile.Height;
            index.Value = tile.Index;
            hash.Value = tile.Hash;
            insert.ExecuteNonQuery();
        }
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
