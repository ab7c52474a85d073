using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Microsoft.Data.Sqlite;

namespace CreatorLedger.Sqlite;

public sealed partial class SqliteEventStore
{
    protected override Task<AppendTransaction> BeginAppendAsync(CancellationToken cancellationToken)
    {
        var connection = Connect();
        try
        {
            // BEGIN IMMEDIATE: SQLite's write lock, held from the head checks to the commit, across processes.
            return Task.FromResult<AppendTransaction>(new Append(connection, connection.BeginTransaction(deferred: false)));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    protected override bool WritesAhead => true;

    protected override Exception? Translate(Exception failure) => failure switch
    {
        // A UNIQUE (stream, seq) clash that slipped past the head check: another writer won.
        SqliteException { SqliteErrorCode: 19 } e => new StreamConflictException(null, e),
        SqliteException e => Translate(e, Path),
        _ => null,
    };

    private sealed class Append(SqliteConnection connection, SqliteTransaction transaction) : AppendTransaction
    {
        public override Task<IReadOnlyList<byte[]>> StreamAfterAsync(IdentityId stream, long afterSeq, CancellationToken cancellationToken) =>
            Task.FromResult(StreamAfter(connection, transaction, stream, afterSeq));

        public override Task<MerkleTree> FrontierAsync(CancellationToken cancellationToken) => Task.FromResult(LoadTree(connection, transaction));

        public override Task WriteAsync(IReadOnlyList<(long Position, SignedEvent Event)> events, LedgerTime recorded, CancellationToken cancellationToken)
        {
            if (events.Count == 0) return Task.CompletedTask;
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO events (position, id, stream, seq, type, recorded, envelope)
                VALUES ($position, $id, $stream, $seq, $type, $recorded, $envelope)
                """;
            var position = insert.Parameters.Add("$position", SqliteType.Integer);
            var id = insert.Parameters.Add("$id", SqliteType.Blob);
            var stream = insert.Parameters.Add("$stream", SqliteType.Text);
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var type = insert.Parameters.Add("$type", SqliteType.Text);
            insert.Parameters.AddWithValue("$recorded", recorded.ToString());
            var envelope = insert.Parameters.Add("$envelope", SqliteType.Blob);
            insert.Prepare();
            foreach (var (at, e) in events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                position.Value = at;
                id.Value = e.Id.ToBytes();
                stream.Value = e.Stream.Value;
                seq.Value = e.Seq;
                type.Value = e.Type;
                envelope.Value = e.Bytes;
                insert.ExecuteNonQuery();
            }
            return Task.CompletedTask;
        }

        public override async Task<AppendResult> CommitAsync(AppendBatch batch, CancellationToken cancellationToken)
        {
            await WriteAsync(batch.Events, batch.Recorded, cancellationToken).ConfigureAwait(false);
            InsertTiles(connection, transaction, batch.TileHashes);
            using var save = connection.CreateCommand();
            save.Transaction = transaction;
            save.CommandText = "UPDATE ledger_meta SET value = $m WHERE key = 'merkle'";
            save.Parameters.AddWithValue("$m", batch.Frontier.Save());
            save.ExecuteNonQuery();
            transaction.Commit();
            return batch.Result;
        }

        public override Task<string?> OriginAsync(CancellationToken cancellationToken)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT origin FROM checkpoint_notes ORDER BY number LIMIT 1";
            return Task.FromResult(command.ExecuteScalar() as string);
        }

        public override Task<bool> HoldsNoteAsync(CheckpointNote note, CancellationToken cancellationToken)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT count(*) FROM checkpoint_notes WHERE size = $s AND note = $n";
            command.Parameters.AddWithValue("$s", note.Checkpoint.Size);
            command.Parameters.AddWithValue("$n", note.Bytes);
            return Task.FromResult((long)command.ExecuteScalar()! > 0);
        }

        public override Task CommitNoteAsync(CheckpointNote note, LedgerTime recorded, CancellationToken cancellationToken)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO checkpoint_notes (number, size, root, origin, log_key, recorded, note)
                VALUES ((SELECT coalesce(max(number), 0) + 1 FROM checkpoint_notes), $s, $r, $o, $k, $t, $n)
                """;
            insert.Parameters.AddWithValue("$s", note.Checkpoint.Size);
            insert.Parameters.AddWithValue("$r", note.Checkpoint.Root);
            insert.Parameters.AddWithValue("$o", note.Origin);
            insert.Parameters.AddWithValue("$k", note.LogKey);
            insert.Parameters.AddWithValue("$t", recorded.ToString());
            insert.Parameters.AddWithValue("$n", note.Bytes);
            insert.ExecuteNonQuery();
            transaction.Commit();
            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync()
        {
            transaction.Dispose();
            connection.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A stream's envelopes after a seq, in seq order (in a transaction, or outside one).</summary>
    private static IReadOnlyList<byte[]> StreamAfter(SqliteConnection connection, SqliteTransaction? transaction, IdentityId stream, long afterSeq)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT envelope FROM events WHERE stream = $s AND seq > $q ORDER BY seq";
        command.Parameters.AddWithValue("$s", stream.Value);
        command.Parameters.AddWithValue("$q", afterSeq);
        var envelopes = new List<byte[]>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) envelopes.Add((byte[])reader[0]);
        return envelopes;
    }
}
