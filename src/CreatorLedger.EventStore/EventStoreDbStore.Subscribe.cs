using System.Runtime.CompilerServices;
using CreatorLedger.EventStore.Protocol;
using CreatorLedger.Ledger;

namespace CreatorLedger.EventStore;

public sealed partial class EventStoreDbStore : ISubscribableEventStore
{
    /// <summary>
    /// A catch-up subscription to $all, filtered to our streams: the events after <paramref name="fromPosition"/> − 1,
    /// then each new one as EventStoreDB commits it. Its start is exclusive, so it starts at the commit position of
    /// the event before (or at the beginning); confirmations, checkpoints and caught-up notices are not events.
    /// </summary>
    public async IAsyncEnumerable<StoredEnvelope> SubscribeAsync(long fromPosition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromPosition, 1);
        var all = new ReadReq.Types.Options.Types.AllOptions { Start = new Empty() };
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            if (fromPosition - 1 > _commitPositions.Count)
                throw new LedgerStoreException($"{Description} holds {_commitPositions.Count} events: there is no position {fromPosition - 1} to follow from.");
            if (fromPosition > 1)
            {
                ulong after = _commitPositions[(int)fromPosition - 2];
                all = new ReadReq.Types.Options.Types.AllOptions { Position = new ReadReq.Types.Options.Types.Position { CommitPosition = after, PreparePosition = after } };
            }
        }
        finally
        {
            _gate.Release();
        }
        var options = new ReadReq.Types.Options
        {
            All = all,
            ReadDirection = ReadReq.Types.Options.Types.ReadDirection.Forwards,
            Subscription = new ReadReq.Types.Options.Types.SubscriptionOptions(),
            Filter = OurStreams(),
            UuidOption = new ReadReq.Types.Options.Types.UUIDOption { String = new Empty() },
        };
        long position = fromPosition;
        var (call, more) = await StartReadAsync(new ReadReq { Options = options }, cancellationToken).ConfigureAwait(false);
        using (call)
        {
            for (; more; more = await NextAsync(call, cancellationToken).ConfigureAwait(false))
            {
                var response = call.ResponseStream.Current;
                if (response.ContentCase != ReadResp.ContentOneofCase.Event) continue;
                var recorded = response.Event.Event;
                if (!recorded.StreamIdentifier.StreamName.ToStringUtf8().StartsWith(_prefix, StringComparison.Ordinal)) continue;
                yield return new StoredEnvelope(position++, recorded.Data.ToByteArray(), Created(recorded), StoredId(recorded));
            }
        }
        throw new LedgerStoreException($"{Description} ended the subscription (the server is shutting down, or dropped a slow reader). Follow again to resume.");
    }
}
