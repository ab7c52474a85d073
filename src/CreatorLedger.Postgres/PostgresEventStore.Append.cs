using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace CreatorLedger.Postgres;

public sealed partial class PostgresEventStore
{
    protected override async Task<AppendTransaction> BeginAppendAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Held until commit: appends take positions one after the other, so they become visible in position order.
            await Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@lock)", cancellationToken, ("lock", AppendLock)).ConfigureAwait(false);
            return new Append(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override bool WritesAhead => true;

    protected override Exception? Translate(Exception failure) => failure switch
    {
        // A (stream, seq) clash that slipped past the head check: another writer won. The one place 23505 is translated.
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } e => new StreamConflictException(null, e),
        NpgsqlException or TimeoutException or System.Net.Sockets.SocketException => Translate(failure, Description),
        _ => null,
    };

    private sealed class Append(NpgsqlConnection connection, NpgsqlTransaction transaction) : AppendTransaction
    {
        public override Task<IReadOnlyList<byte[]>> StreamAfterAsync(IdentityId stream, long afterSeq, CancellationToken cancellationToken) =>
            StreamAfter(connection, transaction, stream, afterSeq, cancellationToken);

        public override Task<MerkleTree> FrontierAsync(CancellationToken cancellationToken) => LoadTreeAsync(connection, transaction, cancellationToken);

        public override async Task WriteAsync(IReadOnlyList<(long Position, SignedEvent Event)> events, LedgerTime recorded, CancellationToken cancellationToken)
        {
            if (events.Count == 0) return;
            var time = recorded.ToString();
            // Binary COPY: the fastest way into PostgreSQL, and still inside the transaction.
            await using var importer = await connection.BeginBinaryImportAsync(
                "COPY cl_events (position, id, stream, seq, type, recorded, envelope) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            foreach (var (position, e) in events)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(position, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Id.ToBytes(), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Stream.Value, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Seq, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Type, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(time, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Bytes, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            }
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        public override async Task<AppendResult> CommitAsync(AppendBatch batch, CancellationToken cancellationToken)
        {
            await WriteAsync(batch.Events, batch.Recorded, cancellationToken).ConfigureAwait(false);
            await InsertTilesAsync(connection, transaction, batch.TileHashes, cancellationToken).ConfigureAwait(false);
            await Execute(connection, transaction, "INSERT INTO cl_heads (size, frontier) VALUES (@size, @frontier)", cancellationToken,
                ("size", batch.Frontier.Size), ("frontier", batch.Frontier.Save())).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return batch.Result;
        }

        public override async Task<string?> OriginAsync(CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand("SELECT origin FROM cl_checkpoint_notes ORDER BY number LIMIT 1", connection, transaction);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }

        public override async Task<bool> HoldsNoteAsync(CheckpointNote note, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT FROM cl_checkpoint_notes WHERE size = @s AND note = @n)", connection, transaction);
            command.Parameters.AddWithValue("s", note.Checkpoint.Size);
            command.Parameters.AddWithValue("n", note.Bytes);
            return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        public override async Task CommitNoteAsync(CheckpointNote note, LedgerTime recorded, CancellationToken cancellationToken)
        {
            // Numbers are taken under the append lock, so they are gap-free and visible in order.
            await Execute(connection, transaction, """
                INSERT INTO cl_checkpoint_notes (number, size, root, origin, log_key, recorded, note)
                SELECT coalesce(max(number), 0) + 1, @s, @r, @o, @k, @t, @n FROM cl_checkpoint_notes
                """, cancellationToken,
                ("s", note.Checkpoint.Size), ("r", note.Checkpoint.Root), ("o", note.Origin), ("k", note.LogKey), ("t", recorded.ToString()), ("n", note.Bytes))
                .ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        public override async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A stream's envelopes after a seq, in seq order (in a transaction, or outside one).</summary>
    private static async Task<IReadOnlyList<byte[]>> StreamAfter(NpgsqlConnection connection, NpgsqlTransaction? transaction, IdentityId stream, long afterSeq,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT envelope FROM cl_events WHERE stream = @s AND seq > @q ORDER BY seq", connection, transaction);
        command.Parameters.AddWithValue("s", stream.Value);
        command.Parameters.AddWithValue("q", afterSeq);
        var envelopes = new List<byte[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) envelopes.Add((byte[])reader[0]);
        return envelopes;
    }
}
