using System.Runtime.CompilerServices;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Microsoft.Data.Sqlite;

namespace CreatorLedger.Sqlite;

public sealed partial class SqliteEventStore
{
    public IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, CancellationToken cancellationToken = default) =>
        Read("SELECT position, recorded, envelope FROM events WHERE position >= $p ORDER BY position",
            command => command.Parameters.AddWithValue("$p", fromPosition), cancellationToken);

    public async IAsyncEnumerable<StoredEnvelope> ReadEnvelopesAsync(long fromPosition = 1,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SqliteConnection connection;
        SqliteDataReader reader;
        try
        {
            connection = Connect();
            var command = connection.CreateCommand();
            command.CommandText = "SELECT position, recorded, envelope, id FROM events WHERE position >= $p ORDER BY position";
            command.Parameters.AddWithValue("$p", fromPosition);
            reader = command.ExecuteReader();
        }
        catch (SqliteException e)
        {
            throw Translate(e, Path);
        }
        await using (connection)
        await using (reader)
        {
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                LedgerTime? recorded = LedgerTime.TryParse(reader.GetString(1), out var r) ? r : null;
                EventId? id = reader[3] is byte[] { Length: 32 } idBytes ? EventId.FromHash(idBytes) : null;
                yield return new StoredEnvelope(reader.GetInt64(0), (byte[])reader[2], recorded, id);
            }
        }
    }

    public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(IdentityId stream, CancellationToken cancellationToken = default) =>
        Read("SELECT position, recorded, envelope FROM events WHERE stream = $s ORDER BY seq",
            command => command.Parameters.AddWithValue("$s", stream.Value), cancellationToken);

    public Task<StreamHead?> GetStreamHeadAsync(IdentityId stream, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = Connect();
            using var transaction = connection.BeginTransaction(deferred: true);
            return Task.FromResult(CurrentHead(connection, transaction, stream));
        }
        catch (SqliteException e)
        {
            throw Translate(e, Path);
        }
    }

    public async Task<RecordedEvent?> FindAsync(IdentityId stream, long seq, CancellationToken cancellationToken = default)
    {
        await foreach (var e in Read("SELECT position, recorded, envelope FROM events WHERE stream = $s AND seq = $q",
                           command =>
                           {
                               command.Parameters.AddWithValue("$s", stream.Value);
                               command.Parameters.AddWithValue("$q", seq);
                           }, cancellationToken))
            return e;
        return null;
    }

    public Task<Checkpoint> HeadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = Connect();
            return Task.FromResult(LoadTree(connection, null).Checkpoint);
        }
        catch (SqliteException e)
        {
            throw Translate(e, Path);
        }
    }

    private async IAsyncEnumerable<RecordedEvent> Read(string sql, Action<SqliteCommand> bind,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SqliteConnection connection;
        SqliteDataReader reader;
        try
        {
            connection = Connect();
            var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            reader = command.ExecuteReader();
        }
        catch (SqliteException e)
        {
            throw Translate(e, Path);
        }
        await using (connection)
        await using (reader)
        {
            // Rows are read in batches and parsed on all cores: parsing (canonical form, id) costs far more than
            // reading, and every reader (replay, integrity check, export) waits on it.
            const int Batch = 2048;
            var rows = new List<(long Position, string Recorded, byte[] Bytes)>(Batch);
            var parsed = new RecordedEvent?[Batch];
            var problems = new string?[Batch];
            bool more = true;
            while (more)
            {
                rows.Clear();
                while (rows.Count < Batch && (more = reader.Read()))
                    rows.Add((reader.GetInt64(0), reader.GetString(1), (byte[])reader[2]));
                cancellationToken.ThrowIfCancellationRequested();
                if (rows.Count < 64) for (int i = 0; i < rows.Count; i++) parsed[i] = ParseRow(rows[i], out problems[i]);
                else Parallel.For(0, rows.Count, i => parsed[i] = ParseRow(rows[i], out problems[i]));
                for (int i = 0; i < rows.Count; i++)
                {
                    if (parsed[i] is not { } e)
                        throw new LedgerStoreException($"The event at position {rows[i].Position} in '{Path}' is damaged: {problems[i]}. Run Test-LedgerIntegrity.");
                    yield return e;
                }
            }
        }
    }

    private static RecordedEvent? ParseRow((long Position, string Recorded, byte[] Bytes) row, out string? problem)
    {
        if (!SignedEvent.TryParse(row.Bytes, out var signed, out problem)) return null;
        if (!LedgerTime.TryParse(row.Recorded, out var recorded)) { problem = $"recorded time '{row.Recorded}' is not a ledger time"; return null; }
        return new RecordedEvent(signed, row.Position, recorded);
    }
}
