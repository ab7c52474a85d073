namespace CreatorLedger.Ledger;

/// <summary>The kinds of place a ledger can be named by.</summary>
public enum StoreKind
{
    /// <summary>A SQLite file: the embedded store.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, by its connection string.</summary>
    Postgres,

    /// <summary>An EventStoreDB cluster, by its esdb:// address.</summary>
    EventStoreDb,

    /// <summary>A JSON Lines export (<c>.jsonl</c>, <c>.ndjson</c>): events to import or copy from, not a store.</summary>
    JsonLines,
}
