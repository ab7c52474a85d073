namespace CreatorLedger.Events;

/// <summary>
/// The largest envelope this library writes, so that every store takes it. EventStoreDB refuses an append of more than
/// 1 MiB (1,048,576 bytes), counting data, metadata and twice the type (EventStoreDbStore adds 3 × type + 64 per event);
/// SQLite keeps a BLOB of up to SQLITE_MAX_LENGTH (1,000,000,000 bytes) and PostgreSQL a bytea of up to 1 GB, so
/// EventStoreDB's limit binds. 1,000,000 bytes leaves it more than 48 KiB of room.
/// </summary>
public static class EnvelopeLimit
{
    public const int MaxBytes = 1_000_000;

    /// <summary>
    /// Room an envelope takes besides its data: <c>at</c>, <c>key</c>, <c>prev</c>, <c>seq</c>, <c>stream</c>,
    /// <c>type</c>, <c>v</c> and <c>sig</c> are under 400 bytes; the rest is margin.
    /// </summary>
    public const int EnvelopeOverhead = 1_024;
}
