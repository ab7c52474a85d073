using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace CreatorLedger.Postgres;

public sealed partial class PostgresEventStore
{
    public async Task<AppendResult> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        if (appends.Sum(a => a.Events.Count) == 0) throw new ArgumentException("Nothing to append.", nameof(appends));
        // Signatures need no store state: check them before taking the append lock.
        AppendRules.VerifySignatures([.. appends.SelectMany(a => a.Events)]);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await AppendVerifiedAsync(connection, appends, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A (stream, seq) clash that slipped past the head check: another writer won. The one place 23505 is translated.
            var first = appends[0];
            throw new WrongExpectedRevisionException(first.Stream, first.Expected, -1);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e, Description);
        }
    }

    private async Task<AppendResult> AppendVerifiedAsync(NpgsqlConnection connection, IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Held until commit: appends take positions one after the other, so they become visible in position order.
        await Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@lock)", cancellationToken, ("lock", AppendLock)).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        var current = new Dictionary<IdentityId, StreamHead?>();
        foreach (var stream in appends.Select(a => a.Stream).Distinct())
            current[stream] = await CurrentHeadAsync(connection, transaction, stream, cancellationToken).ConfigureAwait(false);
        var heads = AppendRules.Check(appends, stream => current[stream], now);
        var tree = await LoadTreeAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var recorded = LedgerTime.From(now).ToString();
        long first = tree.Size + 1;

        // Binary COPY: the fastest way into PostgreSQL, and still inside the transaction.
        await using (var importer = await connection.BeginBinaryImportAsync(
                         "COPY cl_events (position, id, stream, seq, type, recorded, envelope) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var append in appends)
            {
                foreach (var e in append.Events)
                {
                    var id = e.Id.ToBytes();
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(tree.Size + 1, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(id, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(e.Stream.Value, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(e.Seq, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(e.Type, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(recorded, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(e.Bytes, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                    tree.Append(id);
                }
            }
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        await Execute(connection, transaction, "INSERT INTO cl_heads (size, frontier) VALUES (@size, @frontier)", cancellationToken,
            ("size", tree.Size), ("frontier", tree.Save())).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        _heads.Remember(heads);
        return new AppendResult(first, tree.Size, tree.Checkpoint);
    }

    /// <summary>The stream's head as stored now (under the append lock); the cached head is trusted while the stored last seq and id match it.</summary>
    private async Task<StreamHead?> CurrentHeadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IdentityId stream, CancellationToken cancellationToken)
    {
        long lastSeq = 0;
        byte[]? lastId = null;
        await using (var command = new NpgsqlCommand("SELECT seq, id FROM cl_events WHERE stream = @s ORDER BY seq DESC LIMIT 1", connection, transaction))
        {
            command.Parameters.AddWithValue("s", stream.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                lastSeq = reader.GetInt64(0);
                lastId = (byte[])reader[1];
            }
        }
        if (lastId is null) return null;
        if (_heads.Find(stream, lastSeq, EventId.FromHash(lastId)) is { } cached) return cached;
        var events = new List<SignedEvent>();
        await using (var command = new NpgsqlCommand("SELECT envelope FROM cl_events WHERE stream = @s ORDER BY seq", connection, transaction))
        {
            command.Parameters.AddWithValue("s", stream.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) events.Add(SignedEvent.Parse((byte[])reader[0]));
        }
        return StreamHead.Replay(events);
    }
}
