namespace CreatorLedger.Ledger;

/// <summary>What an import did: lines read, events newly written, events the store already held, and the new head.</summary>
public sealed record ImportOutcome(long Read, long Imported, long AlreadyPresent, Checkpoint Head);
