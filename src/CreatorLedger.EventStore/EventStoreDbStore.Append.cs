using CreatorLedger.Events;
using CreatorLedger.EventStore.Protocol;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Google.Protobuf;
using Grpc.Core;

namespace CreatorLedger.EventStore;

public sealed partial class EventStoreDbStore
{
    public async Task<AppendResult> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        if (appends.Sum(a => a.Events.Count) == 0) throw new ArgumentException("Nothing to append.", nameof(appends));
        AppendRules.VerifySignatures([.. appends.SelectMany(a => a.Events)]);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The whole batch is checked before any stream is written (EventStoreDB appends one stream at a time).
            var heads = new Dictionary<IdentityId, StreamHead?>();
            foreach (var stream in appends.Select(a => a.Stream).Distinct())
                heads[stream] = await GetStreamHeadAsync(stream, cancellationToken).ConfigureAwait(false);
            AppendRules.Check(appends, stream => heads[stream], _clock.GetUtcNow());
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            long first = _tree.Size + 1;
            foreach (var append in appends) await AppendStreamAsync(append, cancellationToken).ConfigureAwait(false);
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            return new AppendResult(first, _tree.Size, _tree.Checkpoint);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task AppendStreamAsync(StreamAppend append, CancellationToken cancellationToken)
    {
        var options = new AppendReq.Types.Options { StreamIdentifier = Identifier(StreamName(append.Stream)) };
        // Our revisions count events from 1; EventStoreDB's from 0.
        if (append.Expected.Revision == 0) options.NoStream = new Empty();
        else options.Revision = (ulong)(append.Expected.Revision - 1);
        AppendResp response;
        var deadline = DateTime.UtcNow + AppendDeadline;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                response = await SendAsync(options, append.Events, deadline, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (RpcException e) when (attempt == 0 && LeaderNamedBy(e) is not null)
            {
                // A follower refused the write and named the leader: write there, once.
                MoveTo(LeaderNamedBy(e)!);
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.DeadlineExceeded && DateTime.UtcNow >= deadline)
            {
                // The deadline passed and the call broke off: however the transport reported it, it is a deadline.
                throw Translate(new RpcException(new Status(StatusCode.DeadlineExceeded, e.Status.Detail), e.Trailers));
            }
            catch (RpcException e)
            {
                throw Translate(e);
            }
        }
        if (response.ResultCase == AppendResp.ResultOneofCase.WrongExpectedVersion)
        {
            var wrong = response.WrongExpectedVersion;
            long actual = wrong.CurrentRevisionOptionCase == AppendResp.Types.WrongExpectedVersion.CurrentRevisionOptionOneofCase.CurrentRevision
                ? (long)wrong.CurrentRevision + 1 : 0;
            throw new WrongExpectedRevisionException(append.Stream, append.Expected, actual);
        }
    }

    private async Task<AppendResp> SendAsync(AppendReq.Types.Options options, IReadOnlyList<SignedEvent> events, DateTime deadline, CancellationToken cancellationToken)
    {
        using var call = _client.Append(deadline: deadline, cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new AppendReq { Options = options }, cancellationToken).ConfigureAwait(false);
        foreach (var e in events)
        {
            var message = new AppendReq.Types.ProposedMessage
            {
                Id = new UUID { String = ToUuid(e.Id) },
                Data = ByteString.CopyFrom(e.Bytes),
            };
            message.Metadata.Add("type", e.Type);
            message.Metadata.Add("content-type", "application/octet-stream");
            await call.RequestStream.WriteAsync(new AppendReq { ProposedMessage = message }, cancellationToken).ConfigureAwait(false);
        }
        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>EventStoreDB wants a UUID per event: the first 16 bytes of our event id, written as one.</summary>
    internal static string ToUuid(EventId id) => new Guid(id.ToBytes().AsSpan(0, 16), bigEndian: true).ToString();
}
