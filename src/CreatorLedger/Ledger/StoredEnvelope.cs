using CreatorLedger.Events;

namespace CreatorLedger.Ledger;

/// <summary>
/// An envelope exactly as a store holds it, not yet parsed: what an integrity check reads, so that a damaged
/// row is reported with its position instead of stopping the read. <see cref="Id"/> is the id the store worked out
/// when it verified the event at append, where it keeps one: projections trust it (events are verified once), the
/// integrity check recomputes it from <see cref="Bytes"/>.
/// </summary>
public readonly record struct StoredEnvelope(long Position, byte[] Bytes, LedgerTime? Recorded, EventId? Id = null);
