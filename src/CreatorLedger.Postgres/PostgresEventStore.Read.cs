using System.Runtime.CompilerServices;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Npgsql;

namespace CreatorLedger.Postgres;

public sealed partial class PostgresEventStore
{
    private const string Columns = "position, recorded, envelope, id";

    public override IAsyncEnumerable<StoredEnvelope> ReadEnvelopesAsync(long fromPosition = 1, CancellationToken cancellationToken = default) =>
        Read($"SELECT {Columns} FROM cl_events WHERE position >= @p ORDER BY position", command => command.Parameters.AddWithValue("p", fromPosition),
            cancellationToken);

    protected override IAsyncEnumerable<StoredEnvelope> ReadStreamEnvelopesAsync(IdentityId stream, CancellationToken cancellationToken) =>
        Read($"SELECT {Columns} FROM cl_events WHERE stream = @s ORDER BY seq", command => command.Parameters.AddWithValue("s", stream.Value),
            cancellationToken);

    protected override async Task<StoredEnvelope?> FindEnvelopeAsync(IdentityId stream, long seq, CancellationToken cancellationToken)
    {
        await foreach (var e in Read($"SELECT {Columns} FROM cl_events WHERE stream = @s AND seq = @q", command =>
                       {
                           command.Parameters.AddWithValue("s", stream.Value);
                           command.Parameters.AddWithValue("q", seq);
                       }, cancellationToken).ConfigureAwait(false))
            return e;
        return null;
    }

    protected override async Task<IReadOnlyList<byte[]>> ReadStreamAfterAsync(IdentityId stream, long afterSeq, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await StreamAfter(connection, null, stream, afterSeq, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e, Description);
        }
    }

    public override async Task<Checkpoint> HeadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (await LoadTreeAsync(connection, null, cancellationToken).ConfigureAwait(false)).Checkpoint;
        }
        catch (NpgsqlException e)
        {
            throw Translate(e, Description);
        }
    }

    public override Task<IReadOnlyList<byte[]>> ReadIdsAsync(long fromPosition, int count, CancellationToken cancellationToken = default) =>
        ReadBlobsAsync("SELECT id FROM cl_events WHERE position >= @a AND position < @b ORDER BY position", fromPosition, fromPosition + count, null, cancellationToken);

    protected override Task<IReadOnlyList<byte[]>> ReadTileHashesAsync(int height, long fromIndex, int count, CancellationToken cancellationToken) =>
        ReadBlobsAsync("SELECT hash FROM cl_tree_tiles WHERE height = @h AND idx >= @a AND idx < @b ORDER BY idx", fromIndex, fromIndex + count, height, cancellationToken);

    private async Task<IReadOnlyList<byte[]>> ReadBlobsAsync(string sql, long from, long to, int? height, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("a", from);
            command.Parameters.AddWithValue("b", to);
            if (height is { } h) command.Parameters.AddWithValue("h", h);
            var blobs = new List<byte[]>((int)(to - from));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) blobs.Add((byte[])reader[0]);
            return blobs;
        }
        catch (NpgsqlException e)
        {
            throw Translate(e, Description);
        }
    }

    public override async IAsyncEnumerable<RecordedCheckpointNote> ReadCheckpointNotesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var notes = new List<RecordedCheckpointNote>();
        await using (var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await using var command = new NpgsqlCommand(
                    "SELECT number, size, root, origin, log_key, recorded, note FROM cl_checkpoint_notes ORDER BY number", connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!Checkpoint.TryParse($"{reader.GetInt64(1)}:{reader.GetString(2)}", out var checkpoint) || !LedgerTime.TryParse(reader.GetString(5), out var recorded))
                        throw new LedgerStoreException($"The checkpoint note {reader.GetInt64(0)} in {Description} is damaged. Run Test-LedgerIntegrity.");
                    notes.Add(new RecordedCheckpointNote(new CheckpointNote(reader.GetString(3), checkpoint, reader.GetString(4), (byte[])reader[6]),
                        reader.GetInt64(0), recorded));
                }
            }
            catch (NpgsqlException e)
            {
                throw Translate(e, Description);
            }
        }
        foreach (var note in notes) yield return note;
    }

    /// <summary>Rows as stored: a recorded time that is not a ledger time is left out, for the skeleton to report.</summary>
    private async IAsyncEnumerable<StoredEnvelope> Read(string sql, Action<NpgsqlCommand> bind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command);
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e, Description);
        }
        await using (reader)
        {
            while (true)
            {
                try
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) break;
                }
                catch (NpgsqlException e)
                {
                    throw Translate(e, Description);
                }
                LedgerTime? recorded = reader[1] is string text && LedgerTime.TryParse(text, out var r) ? r : null;
                EventId? id = reader[3] is byte[] { Length: 32 } idBytes ? EventId.FromHash(idBytes) : null;
                yield return new StoredEnvelope(reader.GetInt64(0), (byte[])reader[2], recorded, id);
            }
        }
    }
}
