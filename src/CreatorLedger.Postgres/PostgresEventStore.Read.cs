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
