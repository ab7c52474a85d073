namespace CreatorLedger.Events;

/// <summary>A signed event as a store holds it: its 1-based position in the ledger's global order and the store's time.</summary>
public sealed record RecordedEvent(SignedEvent Event, long Position, LedgerTime Recorded)
{
    public EventId Id => Event.Id;

    public override string ToString() => $"#{Position} {Event}";
}
