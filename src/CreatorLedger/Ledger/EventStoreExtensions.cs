using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

public static class EventStoreExtensions
{
    public static Task<AppendResult> AppendAsync(this IEventStore store, IdentityId stream, ExpectedRevision expected,
        IReadOnlyList<SignedEvent> events, CancellationToken cancellationToken = default) =>
        store.AppendAsync([new StreamAppend(stream, expected, events)], cancellationToken);
}
