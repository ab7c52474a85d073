namespace CreatorLedger;

/// <summary>A raw event with its place in the ledger.</summary>
public sealed class LedgerEvent
{
    public long Position { get; init; }
    public string Id { get; init; } = "";
    public string Stream { get; init; } = "";
    public long Seq { get; init; }
    public string Type { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public DateTimeOffset Recorded { get; init; }
    public string Key { get; init; } = "";
    public string Data { get; init; } = "";
    public string Envelope { get; init; } = "";

    public override string ToString() => Id;
}
