using CreatorLedger.Events;

namespace CreatorLedger.Ledger;

/// <summary>
/// An envelope exactly as a store holds it, not yet parsed: what an integrity check reads, so that a damaged
/// row is reported with its position instead of stopping the read.
/// </summary>
public readonly record struct StoredEnvelope(long Position, byte[] Bytes, LedgerTime? Recorded);
