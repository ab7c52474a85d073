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

    public override Task<IReadOnlyList<byte[]>> ReadIdsAsync(long fromPosition, int count, CancellationToken cancellationToken = default) =>
        ReadBlobs("SELECT id FROM events WHERE position >= $a AND position < $b ORDER BY position", fromPosition, fromPosition + count, null);

    protected override Task<IReadOnlyList<byte[]>> ReadTileHashesAsync(int height, long fromIndex, int count, CancellationToken cancellationToken) =>
        ReadBlobs("SELECT hash FROM tree_tiles WHERE height = $h AND idx >= $a AND idx < $b ORDER BY idx", fromIndex, fromIndex + count, height);

    private Task<IReadOnlyList<byte[]>> ReadBlobs(string sql, long from, long to, int? height)
    {
        try
        {
            using var connection = Connect();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$a", from);
            command.Parameters.AddWithValue("$b", to);
            if (height is { } h) command.Parameters.AddWithValue("$h", h);
            var blobs = new List<byte[]>((int)(to - from));
            using var reader = command.ExecuteReader();
            while (reader.Read()) blobs.Add((byte[])reader[0]);
            return Task.FromResult<IReadOnlyList<byte[]>>(blobs);
        }
        catch (SqliteException e)
        {
            throw Translate(e, Path);
        }
    }

    public override async IAsyncEnumerable<RecordedCheckpointNote> ReadCheckpointNotesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var notes = new List<RecordedCheckpointNote>();
        try
        {
            using var connection = Connect();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT number, size, root, origin, log_key, recorded, note FROM checkpoint_notes ORDER BY number";
            using var reader = command.ExecuteReader();
            while (reader.Read()) notes.Add(NoteRow(reader));
        }
        catch (SqliteException e)
        {
            throw Translate(e, Path);
        }
        foreach (var note in notes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return note;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    private RecordedCheckpointNote NoteRow(SqliteDataReader reader)
    {
        if (!Checkpoint.TryParse($"{reader.GetInt64(1)}:{reader.GetString(2)}", out var checkpoint) || !LedgerTime.TryParse(reader.GetString(5), out var recorded))
            throw new LedgerStoreException($"The checkpoint note {reader.GetInt64(0)} in {Description} is damaged. Run Test-LedgerIntegrity.");
        return new RecordedCheckpointNote(new CheckpointNote(reader.GetString(3), checkpoint, reader.GetString(4), (byte[])reader[6]), reader.GetInt64(0), recorded);
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
