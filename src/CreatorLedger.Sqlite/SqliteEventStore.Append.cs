using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Microsoft.Data.Sqlite;

namespace CreatorLedger.Sqlite;

public sealed partial class SqliteEventStore
{
    public Task<AppendResult> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        if (appends.Sum(a => a.Events.Count) == 0) throw new ArgumentException("Nothing to append.", nameof(appends));
        // Signatures need no store state: check them before taking the write lock.
        AppendRules.VerifySignatures([.. appends.SelectMany(a => a.Events)]);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult(AppendVerified(appends));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            // A UNIQUE (stream, seq) or id clash that slipped past the head check: another writer won.
            var first = appends[0];
            throw new WrongExpectedRevisionException(first.Stream, first.Expected, -1);
        }
        catch (SqliteException e)
        {
            throw Translate(e, Path);
        }
    }

    private AppendResult AppendVerified(IReadOnlyList<StreamAppend> appends)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        var now = _clock.GetUtcNow();
        var heads = AppendRules.Check(appends, stream => CurrentHead(connection, transaction, stream), now);
        var tree = LoadTree(connection, transaction);
        var recorded = LedgerTime.From(now).ToString();

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
        insert.Parameters.AddWithValue("$recorded", recorded);
        var envelope = insert.Parameters.Add("$envelope", SqliteType.Blob);
        insert.Prepare();

        long first = tree.Size + 1;
        foreach (var append in appends)
        {
            foreach (var e in append.Events)
            {
                var idBytes = e.Id.ToBytes();
                position.Value = tree.Size + 1;
                id.Value = idBytes;
                stream.Value = e.Stream.Value;
                seq.Value = e.Seq;
                type.Value = e.Type;
                envelope.Value = e.Bytes;
                insert.ExecuteNonQuery();
                tree.Append(idBytes);
            }
        }

        using var save = connection.CreateCommand();
        save.Transaction = transaction;
        save.CommandText = "UPDATE ledger_meta SET value = $m WHERE key = 'merkle'";
        save.Parameters.AddWithValue("$m", tree.Save());
        save.ExecuteNonQuery();
        transaction.Commit();

        _heads.Remember(heads);
        return new AppendResult(first, tree.Size, tree.Checkpoint);
    }

    /// <summary>
    /// The stream's head as stored now (under the write lock). The cached head is trusted only while the stored
    /// last seq and id still match it; otherwise another process appended and the stream is replayed.
    /// </summary>
    private StreamHead? CurrentHead(SqliteConnection connection, SqliteTransaction transaction, IdentityId stream)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT seq, id FROM events WHERE stream = $s ORDER BY seq DESC LIMIT 1";
        command.Parameters.AddWithValue("$s", stream.Value);
        long lastSeq = 0;
        byte[]? lastId = null;
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                lastSeq = reader.GetInt64(0);
                lastId = (byte[])reader[1];
            }
        }
        if (lastId is null) return null;
        if (_heads.Find(stream, lastSeq, EventId.FromHash(lastId)) is { } cached) return cached;
        command.CommandText = "SELECT envelope FROM events WHERE stream = $s ORDER BY seq";
        var events = new List<SignedEvent>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) events.Add(SignedEvent.Parse((byte[])reader[0]));
        return StreamHead.Replay(events);
    }
}
