using CreatorLedger.Ledger;
using Npgsql;

namespace CreatorLedger.Postgres;

public sealed partial class PostgresEventStore
{
    // 2: tile hashes of the Merkle tree, and signed checkpoint notes (DESIGN §9).
    internal const int SchemaVersion = 2;

    // Versioned: each step migrates from the version before it, inside one transaction.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE cl_events (
            position  bigint PRIMARY KEY,
            id        bytea  NOT NULL,
            stream    text   NOT NULL,
            seq       bigint NOT NULL,
            type      text   NOT NULL,
            recorded  text   NOT NULL,
            envelope  bytea  NOT NULL,
            UNIQUE (stream, seq)
        );
        -- The Merkle frontier after every append, appended too: nothing in the ledger is ever updated.
        CREATE TABLE cl_heads (
            size      bigint PRIMARY KEY,
            frontier  bytea  NOT NULL
        );
        CREATE FUNCTION cl_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
        END $$;
        CREATE TRIGGER cl_events_append_only BEFORE UPDATE OR DELETE ON cl_events FOR EACH ROW EXECUTE FUNCTION cl_refuse_change();
        CREATE TRIGGER cl_events_no_truncate BEFORE TRUNCATE ON cl_events FOR EACH STATEMENT EXECUTE FUNCTION cl_refuse_change();
        CREATE TRIGGER cl_heads_append_only BEFORE UPDATE OR DELETE ON cl_heads FOR EACH ROW EXECUTE FUNCTION cl_refuse_change();
        CREATE TRIGGER cl_heads_no_truncate BEFORE TRUNCATE ON cl_heads FOR EACH STATEMENT EXECUTE FUNCTION cl_refuse_change();
        -- Roles a society grants to people (see the README): writers can only append, readers only read.
        DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'creatorledger_writer') THEN CREATE ROLE creatorledger_writer NOLOGIN; END IF;
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'creatorledger_reader') THEN CREATE ROLE creatorledger_reader NOLOGIN; END IF;
        END $$;
        GRANT SELECT ON cl_events, cl_heads, cl_schema TO creatorledger_reader;
        GRANT SELECT, INSERT ON cl_events, cl_heads TO creatorledger_writer;
        GRANT SELECT ON cl_schema TO creatorledger_writer;
        """,
        """
        -- The Merkle tree's complete nodes of height 8, 16, …: the entries of tlog-tiles' tiles above level 0 (whose
        -- entries are the leaf hashes, from the event ids). About one row per 256 events.
        CREATE TABLE cl_tree_tiles (
            height  int    NOT NULL,
            idx     bigint NOT NULL,
            hash    bytea  NOT NULL,
            PRIMARY KEY (height, idx)
        );
        -- Signed checkpoint notes as signed or received (a note with more cosignatures is kept as a note of its own).
        CREATE TABLE cl_checkpoint_notes (
            number    bigint PRIMARY KEY,
            size      bigint NOT NULL,
            root      text   NOT NULL,
            origin    text   NOT NULL,
            log_key   text   NOT NULL,
            recorded  text   NOT NULL,
            note      bytea  NOT NULL
        );
        CREATE INDEX cl_checkpoint_notes_size ON cl_checkpoint_notes (size);
        CREATE TRIGGER cl_tree_tiles_append_only BEFORE UPDATE OR DELETE ON cl_tree_tiles FOR EACH ROW EXECUTE FUNCTION cl_refuse_change();
        CREATE TRIGGER cl_tree_tiles_no_truncate BEFORE TRUNCATE ON cl_tree_tiles FOR EACH STATEMENT EXECUTE FUNCTION cl_refuse_change();
        CREATE TRIGGER cl_checkpoint_notes_append_only BEFORE UPDATE OR DELETE ON cl_checkpoint_notes FOR EACH ROW EXECUTE FUNCTION cl_refuse_change();
        CREATE TRIGGER cl_checkpoint_notes_no_truncate BEFORE TRUNCATE ON cl_checkpoint_notes FOR EACH STATEMENT EXECUTE FUNCTION cl_refuse_change();
        GRANT SELECT ON cl_tree_tiles, cl_checkpoint_notes TO creatorledger_reader;
        GRANT SELECT, INSERT ON cl_tree_tiles, cl_checkpoint_notes TO creatorledger_writer;
        """,
    ];

    // An arbitrary constant naming the ledger's append lock (pg_advisory_xact_lock takes a bigint).
    internal const long AppendLock = 0x4372_4C65_6467_6572;

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@lock)", cancellationToken, ("lock", AppendLock)).ConfigureAwait(false);
            // Only the first connect creates anything: roles that may only append or read cannot create tables.
            bool exists;
            await using (var probe = new NpgsqlCommand("SELECT to_regclass('cl_schema') IS NOT NULL", connection, transaction))
                exists = (bool)(await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            if (!exists) await Execute(connection, transaction, "CREATE TABLE cl_schema (version int NOT NULL)", cancellationToken).ConfigureAwait(false);
            int version;
            await using (var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM cl_schema", connection, transaction))
                version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
                throw new LedgerStoreException($"{Description} was written by a newer CreatorLedger (schema {version}); this version reads schema {SchemaVersion}. Update the module.");
            for (int v = version; v < SchemaVersion; v++)
            {
                await Execute(connection, transaction, Migrations[v], cancellationToken).ConfigureAwait(false);
                // Schema 1 had no tree tiles: work them out once from the ids, as appends would have written them.
                if (v + 1 == 2) await BackfillTilesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await Execute(connection, transaction, "INSERT INTO cl_schema (version) VALUES (@v)", cancellationToken, ("v", v + 1)).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e, Description);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task BackfillTilesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var tree = new MerkleTree();
        tree.RecordTileHashes();
        await using (var command = new NpgsqlCommand("SELECT id FROM cl_events ORDER BY position", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) tree.Append((byte[])reader[0]);
        await InsertTilesAsync(connection, transaction, tree.NewTileHashes, cancellationToken).ConfigureAwait(false);
    }

    private static async Task InsertTilesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TileHash> tiles,
        CancellationToken cancellationToken)
    {
        if (tiles.Count == 0) return;
        await using var command = new NpgsqlCommand(
            "INSERT INTO cl_tree_tiles (height, idx, hash) SELECT * FROM unnest(@h, @i, @x)", connection, transaction);
        command.Parameters.AddWithValue("h", tiles.Select(t => t.Height).ToArray());
        command.Parameters.AddWithValue("i", tiles.Select(t => t.Index).ToArray());
        command.Parameters.AddWithValue("x", tiles.Select(t => t.Hash).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Merkle frontier of the last append (an empty tree before the first).</summary>
    private static async Task<MerkleTree> LoadTreeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT frontier FROM cl_heads ORDER BY size DESC LIMIT 1", connection, transaction);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] saved ? MerkleTree.Load(saved) : new MerkleTree();
    }
}
