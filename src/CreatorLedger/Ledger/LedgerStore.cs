namespace CreatorLedger.Ledger;

/// <summary>
/// The one store skeleton (STYLE 7, as Marten keeps one event store with a dialect per database): the append template
/// (nothing to append, signatures, <see cref="AppendRules"/> under the store's write lock, stream heads, the Merkle
/// frontier, the concurrency exception with the stream's real revision) and the read template (one parser, one
/// "damaged row" message) are written here once. SQLite, PostgreSQL and EventStoreDB supply only their dialect: how to
/// lock and write (<see cref="AppendTransaction"/>), and how to read rows.
/// </summary>
public abstract partial class LedgerStore : IEventStore
{
    private readonly StreamHeadCache _heads = new();

    protected LedgerStore(TimeProvider? clock) => Clock = clock ?? TimeProvider.System;

    /// <summary>The store's clock: what it records and what the 5-minute rule measures against (a fake one in tests).</summary>
    protected TimeProvider Clock { get; }

    public abstract string Description { get; }

    public abstract void Dispose();
}
