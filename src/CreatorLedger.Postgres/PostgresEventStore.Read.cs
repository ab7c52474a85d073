using System.Runtime.CompilerServices;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Npgsql;

namespace CreatorLedger.Postgres;

public sealed partial class PostgresEventStore
{
    public async IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Parsed on all cores a batch at a time, as the SQLite store does: parsing costs more than reading.
        const int Batch = 2048;
        var stored = new List<StoredEnvelope>(Batch);
        await foreach (var envelope in ReadEnvelopesAsync(fromPosition, cancellationToken).ConfigureAwait(false))
        {
            stored.Add(envelope);
            if (stored.Count < Batch) continue;
            foreach (var e in Parse(stored)) yield return e;
            stored.Clear();
        }
        foreach (var e in Parse(stored)) yield return e;
    }

    private RecordedEvent[] Parse(List<StoredEnvelope> stored)
    {
        var parsed = new RecordedEvent[stored.Count];
        var problems = new string?[stored.Count];
        Parallel.For(0, stored.Count, i =>
        {
            if (SignedEvent.TryParse(stored[i].Bytes, out var signed, out problems[i]))
                parsed[i] = new RecordedEvent(signed, stored[i].Position, stored[i].Recorded ?? default);
        });
        for (int i = 0; i < parsed.Length; i++)
            if (parsed[i] is null)
                throw new LedgerStoreException($"The event at position {stored[i].Position} in {Description} is damaged: {problems[i]}. Run Test-LedgerIntegrity.");
        return parsed;
    }

    public async IAsyncEnumerable<StoredEnvelope> ReadEnvelopesAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT position, recorded, envelope, id FROM cl_events WHERE position >= @p ORDER BY position", connection);
        command.Parameters.AddWithValue("p", fromPosition);
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
                LedgerTime? recorded = LedgerTime.TryParse(reader.GetString(1), out var r) ? r : null;
                EventId? id = reader[3] is byte[] { Length: 32 } idBytes ? EventId.FromHash(idBytes) : null;
                yield return new StoredEnvelope(reader.GetInt64(0), (byte[])reader[2], recorded, id);
            }
        }
    }

    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(IdentityId stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT position, recorded, envelope FROM cl_events WHERE stream = @s ORDER BY seq", connection);
        command.Parameters.AddWithValue("s", stream.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            yield return ToRecorded(reader);
    }

    public async Task<StreamHead?> GetStreamHeadAsync(IdentityId stream, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await CurrentHeadAsync(connection, null, stream, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e, Description);
        }
    }

    public async Task<RecordedEvent?> FindAsync(IdentityId stream, long seq, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT position, recorded, envelope FROM cl_events WHERE stream = @s AND seq = @q", connection);
        command.Parameters.AddWithValue("s", stream.Value);
        command.Parameters.AddWithValue("q", seq);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ToRecorded(reader) : null;
    }

    public async Task<Checkpoint> HeadAsync(CancellationToken cancellationToken = default)
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

    private RecordedEvent ToRecorded(NpgsqlDataReader reader)
    {
        long position = reader.GetInt64(0);
        if (!SignedEvent.TryParse((byte[])reader[2], out var signed, out var problem) || !LedgerTime.TryParse(reader.GetString(1), out var recorded))
            throw new LedgerStoreException($"The event at position {position} in {Description} is damaged: {problem ?? "bad recorded time"}. Run Test-LedgerIntegrity.");
        return new RecordedEvent(signed, position, recorded);
    }
}
