using System.Runtime.CompilerServices;
using CreatorLedger.Events;
using CreatorLedger.EventStore.Protocol;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Grpc.Core;

namespace CreatorLedger.EventStore;

public sealed partial class EventStoreDbStore
{
    /// <summary>Our events in $all order from a commit position (inclusive; 0: the start), with their commit positions.</summary>
    private IAsyncEnumerable<(ulong Commit, ReadResp.Types.ReadEvent.Types.RecordedEvent Event)> ReadAllRawAsync(ulong from, CancellationToken cancellationToken) =>
        ReadAllRawAsync(from, _prefix, cancellationToken);

    /// <summary>The events of streams named <paramref name="prefix"/>… in $all order, from a commit position (inclusive; 0: the start).</summary>
    private async IAsyncEnumerable<(ulong Commit, ReadResp.Types.ReadEvent.Types.RecordedEvent Event)> ReadAllRawAsync(ulong from, string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new ReadReq.Types.Options
        {
            ReadDirection = ReadReq.Types.Options.Types.ReadDirection.Forwards,
            Count = long.MaxValue, // as EventStoreDB's own client asks for "all"
            UuidOption = new ReadReq.Types.Options.Types.UUIDOption { String = new Empty() },
            Filter = StreamsNamed(prefix),
            All = from == 0
                ? new ReadReq.Types.Options.Types.AllOptions { Start = new Empty() }
                : new ReadReq.Types.Options.Types.AllOptions { Position = new ReadReq.Types.Options.Types.Position { CommitPosition = from, PreparePosition = from } },
        };
        var (call, more) = await StartReadAsync(new ReadReq { Options = options }, cancellationToken).ConfigureAwait(false);
        using (call)
        {
            while (more)
            {
                var response = call.ResponseStream.Current;
                if (response.ContentCase == ReadResp.ContentOneofCase.Event)
                {
                    var recorded = response.Event.Event;
                    if (recorded.StreamIdentifier.StreamName.ToStringUtf8().StartsWith(prefix, StringComparison.Ordinal))
                        yield return (recorded.CommitPosition, recorded);
                }
                more = await NextAsync(call, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Starts a read and waits for its first reply; a follower's not-leader refusal is followed to the leader once, and
    /// a node that cannot be reached is left for the next one named. Returns the call and whether it has a reply.
    /// </summary>
    private async Task<(AsyncServerStreamingCall<ReadResp> Call, bool More)> StartReadAsync(ReadReq request, CancellationToken cancellationToken)
    {
        bool followed = false;
        int unreachable = 0;
        while (true)
        {
            var call = _client.Read(request, Headers, cancellationToken: cancellationToken);
            try
            {
                return (call, await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false));
            }
            catch (RpcException e) when (!followed && LeaderNamedBy(e) is { } leader)
            {
                call.Dispose();
                followed = true;
                MoveTo(leader);
            }
            catch (RpcException e) when (MovedOnFromUnreachable(e, ref unreachable))
            {
                call.Dispose();
            }
            catch (RpcException e)
            {
                call.Dispose();
                throw Translate(e);
            }
        }
    }

    private async Task<bool> NextAsync(AsyncServerStreamingCall<ReadResp> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>
    /// Our streams, by prefix. The window is EventStoreDB's default (count: 32 events searched a page), and the
    /// checkpoint multiplier 1, which subscriptions need (0 is refused).
    /// </summary>
    private ReadReq.Types.Options.Types.FilterOptions OurStreams() => StreamsNamed(_prefix);

    private static ReadReq.Types.Options.Types.FilterOptions StreamsNamed(string prefix) => new()
    {
        StreamIdentifier = new ReadReq.Types.Options.Types.FilterOptions.Types.Expression { Prefix = { prefix } },
        Count = new Empty(),
        CheckpointIntervalMultiplier = 1,
    };

    /// <summary>Brings the known positions and the Merkle frontier up to $all's end.</summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        ulong from = _commitPositions.Count == 0 ? 0 : _commitPositions[^1];
        await foreach (var (commit, recorded) in ReadAllRawAsync(from, cancellationToken).ConfigureAwait(false))
        {
            if (_commitPositions.Count > 0 && commit <= _commitPositions[^1]) continue;
            if (StoredId(recorded) is not { } id)
            {
                if (!SignedEvent.TryParse(recorded.Data.Span, out var e, out var problem))
                    throw new LedgerStoreException($"The event at {commit} in {Description} is damaged: {problem}. Run Test-LedgerIntegrity.");
                id = e.Id;
            }
            _commitPositions.Add(commit);
            _tree.Append(id);
        }
        // The tree's tile hashes, kept by height: what proofs read instead of the whole ledger.
        for (; _tilesSeen < _tree.NewTileHashes.Count; _tilesSeen++)
        {
            var tile = _tree.NewTileHashes[_tilesSeen];
            int level = tile.Height / TileHash.Width;
            while (_tiles.Count < level) _tiles.Add([]);
            _tiles[level - 1].Add(tile.Hash);
        }
    }

    protected override async Task<IReadOnlyList<byte[]>> ReadTileHashesAsync(int height, long fromIndex, int count, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            int level = height / TileHash.Width;
            if (level > _tiles.Count) return [];
            var hashes = _tiles[level - 1];
            return [.. hashes.Skip((int)fromIndex).Take(count)];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The stream this ledger's signed checkpoint notes are kept in.</summary>
    internal string NotesStream => _root + "checkpoints";

    public override async IAsyncEnumerable<RecordedCheckpointNote> ReadCheckpointNotesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var note in await ReadNotesAsync(cancellationToken).ConfigureAwait(false)) yield return note;
    }

    internal async Task<List<RecordedCheckpointNote>> ReadNotesAsync(CancellationToken cancellationToken)
    {
        var notes = new List<RecordedCheckpointNote>();
        foreach (var record in await ReadStreamRecordsAsync(NotesStream, 0, cancellationToken).ConfigureAwait(false))
        {
            if (NoteEvent.Read(record.Data.Span) is not { } note || Created(record) is not { } recorded)
                throw new LedgerStoreException($"The checkpoint note {notes.Count + 1} in {Description} is damaged. Run Test-LedgerIntegrity.");
            notes.Add(new RecordedCheckpointNote(note, notes.Count + 1, recorded));
        }
        return notes;
    }

    public override async IAsyncEnumerable<StoredEnvelope> ReadEnvelopesAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        ulong from;
        try
        {
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            if (fromPosition > _commitPositions.Count) yield break;
            from = _commitPositions[(int)Math.Max(0, fromPosition - 1)];
        }
        finally
        {
            _gate.Release();
        }
        long position = Math.Max(1, fromPosition);
        await foreach (var (_, recorded) in ReadAllRawAsync(from, cancellationToken).ConfigureAwait(false))
            yield return new StoredEnvelope(position++, recorded.Data.ToByteArray(), Created(recorded), StoredId(recorded));
    }

    protected override async IAsyncEnumerable<StoredEnvelope> ReadStreamEnvelopesAsync(IdentityId stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var e in await ReadStreamWithPositionsAsync(stream, cancellationToken).ConfigureAwait(false)) yield return e;
    }

    protected override async Task<StoredEnvelope?> FindEnvelopeAsync(IdentityId stream, long seq, CancellationToken cancellationToken)
    {
        var events = await ReadStreamWithPositionsAsync(stream, cancellationToken).ConfigureAwait(false);
        return seq >= 1 && seq <= events.Count ? events[(int)seq - 1] : null;
    }

    protected override async Task<IReadOnlyList<byte[]>> ReadStreamAfterAsync(IdentityId stream, long afterSeq, CancellationToken cancellationToken) =>
        [.. (await ReadStreamRecordsAsync(stream, cancellationToken, afterSeq).ConfigureAwait(false)).Select(r => r.Data.ToByteArray())];

    /// <summary>The id this store wrote beside the event (its custom metadata), or null for an event written otherwise.</summary>
    private static EventId? StoredId(ReadResp.Types.ReadEvent.Types.RecordedEvent recorded) =>
        recorded.CustomMetadata.Length == 32 ? EventId.FromHash(recorded.CustomMetadata.Span) : null;

    /// <summary>
    /// The server's own time of the event, which is what the ledger records (DESIGN §4), never the author's claim: its
    /// <c>created</c> metadata, 100 ns ticks since 1970; null when missing or unreadable (the event is then reported damaged).
    /// </summary>
    private static LedgerTime? Created(ReadResp.Types.ReadEvent.Types.RecordedEvent recorded) =>
        recorded.Metadata.TryGetValue("created", out var text)
        && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
        && ticks <= DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks
            ? LedgerTime.From(new DateTimeOffset(DateTime.UnixEpoch.Ticks + ticks, TimeSpan.Zero))
            : null;

    /// <summary>What servers before 22.10 put where a stream read's $all position would be (-1 as unsigned).</summary>
    private const ulong NoPosition = ulong.MaxValue;

    /// <summary>The stream's events with their ledger positions (found from their $all positions) and the server's times.</summary>
    private async Task<List<StoredEnvelope>> ReadStreamWithPositionsAsync(IdentityId stream, CancellationToken cancellationToken)
    {
        var records = await ReadStreamRecordsAsync(stream, cancellationToken).ConfigureAwait(false);
        var commits = records.Select(r => r.CommitPosition).ToList();
        if (commits.Contains(NoPosition))
        {
            // A server before 22.10 reads a stream's events without their $all positions: find them in $all,
            // filtered to exactly this stream (dids have one length, so no other stream shares the name as a prefix).
            var name = StreamName(stream);
            commits.Clear();
            await foreach (var (commit, recorded) in ReadAllRawAsync(0, name, cancellationToken).ConfigureAwait(false))
                if (recorded.StreamIdentifier.StreamName.ToStringUtf8() == name) commits.Add(commit);
            if (commits.Count != records.Count)
                throw new LedgerStoreException($"{Description} holds {records.Count} events in {name} but {commits.Count} of them in $all: run Test-LedgerIntegrity.");
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            var stored = new List<StoredEnvelope>(records.Count);
            for (int i = 0; i < records.Count; i++)
            {
                int index = _commitPositions.BinarySearch(commits[i]);
                stored.Add(new StoredEnvelope(index < 0 ? 0 : index + 1, records[i].Data.ToByteArray(), Created(records[i]), StoredId(records[i])));
            }
            return stored;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A stream's events as the server holds them, from our seq <paramref name="afterSeq"/> + 1 on (0: all of it).</summary>
    private Task<List<ReadResp.Types.ReadEvent.Types.RecordedEvent>> ReadStreamRecordsAsync(IdentityId stream, CancellationToken cancellationToken, long afterSeq = 0) =>
        ReadStreamRecordsAsync(StreamName(stream), afterSeq, cancellationToken);

    private async Task<List<ReadResp.Types.ReadEvent.Types.RecordedEvent>> ReadStreamRecordsAsync(string streamName, long afterSeq, CancellationToken cancellationToken)
    {
        var from = new ReadReq.Types.Options.Types.StreamOptions { StreamIdentifier = Identifier(streamName) };
        // Our seq n is EventStoreDB's revision n - 1: the event after seq n is revision n.
        if (afterSeq == 0) from.Start = new Empty(); else from.Revision = (ulong)afterSeq;
        var options = new ReadReq.Types.Options
        {
            Stream = from,
            ReadDirection = ReadReq.Types.Options.Types.ReadDirection.Forwards,
            Count = long.MaxValue, // as EventStoreDB's own client asks for "all"
            NoFilter = new Empty(),
            UuidOption = new ReadReq.Types.Options.Types.UUIDOption { String = new Empty() },
        };
        var records = new List<ReadResp.Types.ReadEvent.Types.RecordedEvent>();
        var (call, more) = await StartReadAsync(new ReadReq { Options = options }, cancellationToken).ConfigureAwait(false);
        using (call)
        {
            for (; more; more = await NextAsync(call, cancellationToken).ConfigureAwait(false))
            {
                var response = call.ResponseStream.Current;
                if (response.ContentCase == ReadResp.ContentOneofCase.StreamNotFound) break;
                if (response.ContentCase == ReadResp.ContentOneofCase.Event) records.Add(response.Event.Event);
            }
        }
        return records;
    }

    public override async Task<Checkpoint> HeadAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            return _tree.Checkpoint;
        }
        finally
        {
            _gate.Release();
        }
    }
}
