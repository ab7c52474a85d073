using System.Runtime.CompilerServices;

namespace CreatorLedger.Ledger;

/// <summary>
/// A store's events from a position on, then the new ones as they come: by its subscription where it has one,
/// otherwise by reading again after each quiet <c>interval</c> (SQLite and PostgreSQL have nothing to push).
/// </summary>
public static class LedgerFeed
{
    public static IAsyncEnumerable<StoredEnvelope> FollowAsync(IEventStore store, long fromPosition, TimeSpan interval, TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromPosition, 1);
        return store is ISubscribableEventStore subscribable
            ? subscribable.SubscribeAsync(fromPosition, cancellationToken)
            : PollAsync(store, fromPosition, interval, clock ?? TimeProvider.System, cancellationToken);
    }

    private static async IAsyncEnumerable<StoredEnvelope> PollAsync(IEventStore store, long next, TimeSpan interval, TimeProvider clock,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            await foreach (var stored in store.ReadEnvelopesAsync(next, cancellationToken).ConfigureAwait(false))
            {
                next = stored.Position + 1;
                yield return stored;
            }
            await Task.Delay(interval, clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
