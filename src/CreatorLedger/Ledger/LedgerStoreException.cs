namespace CreatorLedger.Ledger;

/// <summary>The store cannot be used: missing, unreadable, corrupt, not a ledger, or from a newer version.</summary>
public class LedgerStoreException(string message, Exception? inner = null) : Exception(message, inner);
