using CreatorLedger.Events;
using CreatorLedger.EventStore.Protocol;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Google.Protobuf;
using Grpc.Core;

namespace CreatorLedger.EventStore;

public sealed partial class EventStoreDbStore
{
    /// <summary>
    /// The most bytes one append call may carry. EventStoreDB refuses larger appends (MaxAppendSize, 1 MiB unless the
    /// server was told otherwise); a server that names a smaller limit in its refusal is believed from then on.
    /// </summary>
    public int MaxAppendSize { get; set; } = 1024 * 1024;

    protected override async Task<AppendTransaction> BeginAppendAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Append(this);
    }

    protected override Exception? Translate(Exception failure) => failure is RpcException e ? Translate(e) : null;

    /// <summary>
    /// EventStoreDB appends one stream at a time: the whole batch is checked (under this store's lock) before any stream
    /// is written, each stream's write expects the revision the check saw, and the positions are read back from $all.
    /// </summary>
    private sealed class Append(EventStoreDbStore store) : AppendTransaction
    {
        public override Task<IReadOnlyList<byte[]>> StreamAfterAsync(IdentityId stream, long afterSeq, CancellationToken cancellationToken) =>
            store.ReadStreamAfterAsync(stream, afterSeq, cancellationToken);

        public override async Task<MerkleTree> FrontierAsync(CancellationToken cancellationToken)
        {
            await store.CatchUpAsync(cancellationToken).ConfigureAwait(false);
            // A copy: the store's own tree follows $all, never what the skeleton plans to write.
            return MerkleTree.Load(store._tree.Save());
        }

        public override async Task<AppendResult> CommitAsync(AppendBatch batch, CancellationToken cancellationToken)
        {
            foreach (var append in batch.Appends) await store.AppendStreamAsync(append, cancellationToken).ConfigureAwait(false);
            await store.CatchUpAsync(cancellationToken).ConfigureAwait(false);
            return new AppendResult(batch.Result.FirstPosition, store._tree.Size, store._tree.Checkpoint);
        }

        // The notes stream as this append read it under the store's lock: read once for the origin, the duplicate check and the revision.
        private List<RecordedCheckpointNote>? _notes;

        private async Task<List<RecordedCheckpointNote>> NotesAsync(CancellationToken cancellationToken) =>
            _notes ??= await store.ReadNotesAsync(cancellationToken).ConfigureAwait(false);

        public override async Task<string?> OriginAsync(CancellationToken cancellationToken) =>
            (await NotesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault()?.Note.Origin;

        public override async Task<bool> HoldsNoteAsync(CheckpointNote note, CancellationToken cancellationToken) =>
            (await NotesAsync(cancellationToken).ConfigureAwait(false)).Any(n => n.Note.Bytes.AsSpan().SequenceEqual(note.Bytes));

        public override async Task CommitNoteAsync(CheckpointNote note, LedgerTime recorded, CancellationToken cancellationToken)
        {
            long kept = (await NotesAsync(cancellationToken).ConfigureAwait(false)).Count;
            var message = new AppendReq.Types.ProposedMessage
            {
                Id = new UUID { String = Guid.NewGuid().ToString() },
                Data = ByteString.CopyFrom(NoteEvent.Write(note)),
            };
            message.Metadata.Add("type", NoteEvent.Type);
            message.Metadata.Add("content-type", "application/json");
            if (!await store.AppendCallAsync(store.NotesStream, kept, [message], e => $"{store.Description} refuses a checkpoint note as too large ({e.Status.Detail}). Nothing was kept.", cancellationToken).ConfigureAwait(false))
                throw new LedgerStoreException($"Another writer kept a checkpoint note in {store.Description} at the same time. Try again.");
        }

        public override ValueTask DisposeAsync()
        {
            store._gate.Release();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>One stream's events, in as many calls as the server's append size needs, each expecting the last.</summary>
    private async Task AppendStreamAsync(StreamAppend append, CancellationToken cancellationToken)
    {
        long revision = append.Expected.Revision;
        int start = 0;
        while (start < append.Events.Count)
        {
            int count = EventsThatFit(append.Events, start);
            var events = append.Events.Skip(start).Take(count).ToList();
            try
            {
                Func<RpcException, string> tooLarge = count == 1
                    ? e => $"{Description} refuses event {events[0].Id} of {events[0].Bytes.Length:N0} bytes: larger than its maximum append size ({e.Trailers.GetValue("maximum-append-size")} bytes). Nothing was written."
                    : e => $"{Description} refused an append as too large ({e.Status.Detail}). Nothing was written.";
                if (!await AppendCallAsync(StreamName(append.Stream), revision, [.. events.Select(Message)], tooLarge, cancellationToken).ConfigureAwait(false))
                    throw new StreamConflictException(append.Stream);
            }
            catch (AppendTooLargeException e) when (e.Limit < MaxAppendSize && e.Limit > 0)
            {
                // Nothing of a refused call is written: split again under the limit the server named.
                MaxAppendSize = e.Limit;
                continue;
            }
            start += count;
            revision += count;
        }
    }

    /// <summary>How many events from <paramref name="start"/> fit one call (at least one: the server judges a lone big event).</summary>
    private int EventsThatFit(IReadOnlyList<SignedEvent> events, int start)
    {
        long size = 0;
        int count = 0;
        for (int i = start; i < events.Count; i++)
        {
            // EventStoreDB counts data + metadata + twice the type; our metadata is the type and content-type.
            size += events[i].Bytes.Length + 3L * events[i].Type.Length + 64;
            if (count > 0 && size > MaxAppendSize) break;
            count++;
        }
        return count;
    }

    /// <summary>
    /// One append call to a stream holding <paramref name="revision"/> events (counted from 1); false when the stream was
    /// not there (EventStoreDB's wrong expected version: another writer got in after the check).
    /// </summary>
    private async Task<bool> AppendCallAsync(string streamName, long revision, IReadOnlyList<AppendReq.Types.ProposedMessage> events, Func<RpcException, string> tooLarge,
        CancellationToken cancellationToken)
    {
        var options = new AppendReq.Types.Options { StreamIdentifier = Identifier(streamName) };
        // Our revisions count events from 1; EventStoreDB's from 0.
        if (revision == 0) options.NoStream = new Empty();
        else options.Revision = (ulong)(revision - 1);
        AppendResp response;
        var deadline = DateTime.UtcNow + AppendDeadline;
        bool followed = false;
        int unreachable = 0;
        while (true)
        {
            try
            {
                response = await SendAsync(options, events, deadline, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (RpcException e) when (!followed && LeaderNamedBy(e) is { } leader)
            {
                // A follower refused the write and named the leader: write there, once.
                followed = true;
                MoveTo(leader);
            }
            catch (RpcException e) when (DateTime.UtcNow < deadline && MovedOnFromUnreachable(e, ref unreachable))
            {
                // That node is down: the next one named (a follower among them names the leader).
            }
            catch (RpcException e) when (e.Trailers.GetValue("exception") == "maximum-append-size-exceeded")
            {
                throw new AppendTooLargeException(
                    int.TryParse(e.Trailers.GetValue("maximum-append-size"), out var limit) ? limit : 0,
                    tooLarge(e),
                    e);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Aborted || DateTime.UtcNow >= deadline)
            {
                // However the transport ended it, the call outlived its deadline or the server's own timeout: the
                // server may still write the events. Say so, rather than "nothing was written".
                throw new LedgerStoreException(
                    $"{Description} did not confirm the append in time ({(e.StatusCode == StatusCode.Aborted ? e.Status.Detail : "deadline exceeded")}). " +
                    "The server may still have written it: run Get-LedgerCheckpoint before trying again (resending the same events, as Sync-Ledger and Import-LedgerEvent do, is harmless).", e);
            }
            catch (RpcException e)
            {
                throw Translate(e);
            }
        }
        // Another writer got in after the check: the skeleton reads the stream's real revision and says so.
        return response.ResultCase != AppendResp.ResultOneofCase.WrongExpectedVersion;
    }

    private static AppendReq.Types.ProposedMessage Message(SignedEvent e)
    {
        var message = new AppendReq.Types.ProposedMessage
        {
            Id = new UUID { String = ToUuid(e.Id) },
            Data = ByteString.CopyFrom(e.Bytes),
            // The whole id, worked out while verifying, as SQLite keeps it in a column: readers need not
            // parse every event again to find it (the integrity check still does).
            CustomMetadata = ByteString.CopyFrom(e.Id.ToBytes()),
        };
        message.Metadata.Add("type", e.Type);
        message.Metadata.Add("content-type", "application/octet-stream");
        return message;
    }

    private async Task<AppendResp> SendAsync(AppendReq.Types.Options options, IReadOnlyList<AppendReq.Types.ProposedMessage> events, DateTime deadline,
        CancellationToken cancellationToken)
    {
        using var call = _client.Append(Headers, deadline: deadline, cancellationToken: cancellationToken);
        try
        {
            await call.RequestStream.WriteAsync(new AppendReq { Options = options }, cancellationToken).ConfigureAwait(false);
            foreach (var message in events)
                await call.RequestStream.WriteAsync(new AppendReq { ProposedMessage = message }, cancellationToken).ConfigureAwait(false);
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or RpcException)
        {
            // The server refused mid-stream (access, size, …) and ended the call. grpc-dotnet 2.85 already throws its
            // status from WriteAsync; should a write fail otherwise (call complete, transport), the response holds the
            // server's status and trailers and throws them. Only a response that somehow succeeded leaves the write error.
            await call.ResponseAsync.ConfigureAwait(false);
            throw;
        }
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>EventStoreDB wants a UUID per event: the first 16 bytes of our event id, written as one.</summary>
    internal static string ToUuid(EventId id) => new Guid(id.ToBytes().AsSpan(0, 16), bigEndian: true).ToString();
}
