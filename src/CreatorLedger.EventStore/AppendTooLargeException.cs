using CreatorLedger.Ledger;

namespace CreatorLedger.EventStore;

/// <summary>EventStoreDB refused an append as larger than its maximum append size (<see cref="Limit"/> bytes, 0 if unnamed); nothing was written.</summary>
public sealed class AppendTooLargeException(int limit, string message, Exception inner) : LedgerStoreException(message, inner)
{
    public int Limit { get; } = limit;
}
