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
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var position = reader.GetInt64(0);
                var recorded = LedgerTime.Parse(reader.GetString(1));
                var bytes = (byte[])reader[2];
                if (!SignedEvent.TryParse(bytes, out var signed, out var problem))
                    throw new LedgerStoreException($"The event at position {position} in '{Path}' is damaged: {problem}. Run Test-LedgerIntegrity.");
                yield return new RecordedEvent(signed, position, recorded);
            }
        }
    }
}
