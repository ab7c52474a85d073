namespace CreatorLedger.Ledger;

/// <summary>Where an append landed: the positions of its first and last event and the ledger's new head.</summary>
public sealed record AppendResult(long FirstPosition, long LastPosition, Checkpoint Head)
{
    public long Count => LastPosition - FirstPosition + 1;
}
