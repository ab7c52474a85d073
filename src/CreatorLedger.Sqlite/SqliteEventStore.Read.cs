using System.Runtime.CompilerServices;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Microsoft.Data.Sqlite;

namespace CreatorLedger.Sqlite;

public sealed partial class SqliteEventStore
{
    private const string Columns = "position, recorded, envelope, id";

    public override IAsyncEnumerable<StoredEnvelope> ReadEnvelopesAsync(long fromPosition = 1, CancellationToken cancellationToken = default) =>
        Read($"SELECT {Columns} FROM events WHERE position >= $p ORDER BY position",
            command => command.Parameters.AddWithValue("$p", fromPosition), cancellationToken);

    protected override IAsyncEnumerable<StoredEnvelope> ReadStreamEnvelopesAsync(IdentityId stream, CancellationToken cancellationToken) =>
        Read($"SELECT {Columns} FROM events WHERE stream = $s ORDER BY seq",
            command => command.Parameters.AddWithValue("$s", stream.Value), cancellationToken);

    protected override async Task<StoredEnvelope?> FindEnvelopeAsync(IdentityId stream, long seq, CancellationToken cancellationToken)
    {
        await foreach (var e in Read($"SELECT {Columns} FROM events WHERE stream = $s AND seq = $q",
                           command =>
                           {
                               command.Parameters.AddWithValue("$s", stream.Value);
                               command.Parameters.AddWithValue("$q", seq);
                           }, cancellationToken).ConfigureAwait(false))
            return e;
        return null;
    }

    protected override Task<IReadOnlyList<byte[]>> ReadStreamAfterAsync(IdentityId stream, long afterSeq, CancellationToken cancellationToken)
    {
        try
        {
            using var connection = Connect();
            return Task.FromResult(StreamAfter(connection, null, stream, afterSeq));
        }
        catch (SqliteException e)
        {
            throw Translate(e, Path);
        }
    }

    public override Task<Checkpoint> HeadAsync(CancellationToken cancellationToken = default)
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

    /// <summary>Rows as stored: a recorded time that is not a ledger time is left out, for the skeleton to report.</summary>
    private async IAsyncEnumerable<StoredEnvelope> Read(string sql, Action<SqliteCommand> bind, [EnumeratorCancellation] CancellationToken cancellationToken)
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
                LedgerTime? recorded = reader[1] is string text && LedgerTime.TryParse(text, out var r) ? r : null;
                EventId? id = reader[3] is byte[] { Length: 32 } idBytes ? EventId.FromHash(idBytes) : null;
                yield return new StoredEnvelope(reader.GetInt64(0), (byte[])reader[2], recorded, id);
            }
        }
    }
}
