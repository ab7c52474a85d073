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
    }

    public async IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var stored in ReadEnvelopesAsync(fromPosition, cancellationToken).ConfigureAwait(false))
        {
            if (!SignedEvent.TryParse(stored.Bytes, out var e, out var problem))
                throw new LedgerStoreException($"The event at position {stored.Position} in {Description} is damaged: {problem}. Run Test-LedgerIntegrity.");
            yield return new RecordedEvent(e, stored.Position, stored.Recorded ?? e.At);
        }
    }

    public async IAsyncEnumerable<StoredEnvelope> ReadEnvelopesAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
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
            yield return new StoredEnvelope(position++, recorded.Data.ToByteArray(), null, StoredId(recorded));
    }

    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(IdentityId stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var e in await ReadStreamWithPositionsAsync(stream, cancellationToken).ConfigureAwait(false)) yield return e;
    }

    /// <summary>The id this store wrote beside the event (its custom metadata), or null for an event written otherwise.</summary>
    private static EventId? StoredId(ReadResp.Types.ReadEvent.Types.RecordedEvent recorded) =>
        recorded.CustomMetadata.Length == 32 ? EventId.FromHash(recorded.CustomMetadata.Span) : null;

    /// <summary>What servers before 22.10 put where a stream read's $all position would be (-1 as unsigned).</summary>
    private const ulong NoPosition = ulong.MaxValue;

    /// <summary>The stream's events with their ledger positions (found from their $all positions).</summary>
    private async Task<List<RecordedEvent>> ReadStreamWithPositionsAsync(IdentityId stream, CancellationToken cancellationToken)
    {
        var commits = new List<ulong>();
        var events = await ReadStreamEventsAsync(stream, cancellationToken, commits).ConfigureAwait(false);
        if (commits.Contains(NoPosition))
        {
            // A server before 22.10 reads a stream's events without their $all positions: find them in $all,
            // filtered to exactly this stream (dids have one length, so no other stream shares the name as a prefix).
            var name = StreamName(stream);
            commits.Clear();
            await foreach (var (commit, recorded) in ReadAllRawAsync(0, name, cancellationToken).ConfigureAwait(false))
                if (recorded.StreamIdentifier.StreamName.ToStringUtf8() == name) commits.Add(commit);
            if (commits.Count != events.Count)
                throw new LedgerStoreException($"{Description} holds {events.Count} events in {name} but {commits.Count} of them in $all: run Test-LedgerIntegrity.");
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            var recorded = new List<RecordedEvent>(events.Count);
            for (int i = 0; i < events.Count; i++)
            {
                int index = _commitPositions.BinarySearch(commits[i]);
                recorded.Add(new RecordedEvent(events[i], index < 0 ? 0 : index + 1, events[i].At));
            }
            return recorded;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A stream's events from our seq <paramref name="afterSeq"/> + 1 on (0: all of it).</summary>
    private async Task<List<SignedEvent>> ReadStreamEventsAsync(IdentityId stream, CancellationToken cancellationToken, List<ulong>? commits = null, long afterSeq = 0)
    {
        var from = new ReadReq.Types.Options.Types.StreamOptions { StreamIdentifier = Identifier(StreamName(stream)) };
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
        var events = new List<SignedEvent>();
        var (call, more) = await StartReadAsync(new ReadReq { Options = options }, cancellationToken).ConfigureAwait(false);
        using (call)
        {
            for (; more; more = await NextAsync(call, cancellationToken).ConfigureAwait(false))
            {
                var response = call.ResponseStream.Current;
                if (response.ContentCase == ReadResp.ContentOneofCase.StreamNotFound) break;
                if (response.ContentCase != ReadResp.ContentOneofCase.Event) continue;
                events.Add(SignedEvent.Parse(response.Event.Event.Data.Span));
                commits?.Add(response.Event.Event.CommitPosition);
            }
        }
        return events;
    }

    /// <summary>
    /// The stream's head: the one worked out before, brought up to date with only the events written since (by us or
    /// anyone), so that an append does not replay its author's whole stream.
    /// </summary>
    public async Task<StreamHead?> GetStreamHeadAsync(IdentityId stream, CancellationToken cancellationToken = default)
    {
        StreamHead? head;
        lock (_streamHeads) _streamHeads.TryGetValue(stream, out head);
        var since = await ReadStreamEventsAsync(stream, cancellationToken, null, head?.Seq ?? 0).ConfigureAwait(false);
        foreach (var e in since)
        {
            var step = ChainRules.Next(head, e);
            head = step.Head ?? throw new LedgerStoreException($"The stream {StreamName(stream)} in {Description} does not verify at seq {e.Seq}: {step.Violation}. Run Test-LedgerIntegrity.");
        }
        if (head is not null) Remember(head);
        return head;
    }

    private void Remember(StreamHead head)
    {
        lock (_streamHeads)
            if (!_streamHeads.TryGetValue(head.Stream, out var known) || known.Seq < head.Seq) _streamHeads[head.Stream] = head;
    }

    public async Task<RecordedEvent?> FindAsync(IdentityId stream, long seq, CancellationToken cancellationToken = default)
    {
        var events = await ReadStreamWithPositionsAsync(stream, cancellationToken).ConfigureAwait(false);
        return seq >= 1 && seq <= events.Count ? events[(int)seq - 1] : null;
    }

    public async Task<Checkpoint> HeadAsync(CancellationToken cancellationToken = default)
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
