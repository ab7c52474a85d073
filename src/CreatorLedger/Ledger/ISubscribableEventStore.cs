namespace CreatorLedger.Ledger;

/// <summary>A store that can push its new events to a reader as they commit (EventStoreDB's catch-up subscription).</summary>
public interface ISubscribableEventStore : IEventStore
{
    /// <summary>
    /// The stored events from <paramref name="fromPosition"/> on, then each new one as it commits, in position order;
    /// it never ends by itself (cancel it). A store that loses the subscription throws <see cref="LedgerStoreException"/>.
    /// </summary>
    IAsyncEnumerable<StoredEnvelope> SubscribeAsync(long fromPosition, CancellationToken cancellationToken = default);
}
