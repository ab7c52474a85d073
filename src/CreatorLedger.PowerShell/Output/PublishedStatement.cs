namespace CreatorLedger;

/// <summary>A payout statement's hash as published on the ledger by a society.</summary>
public sealed class PublishedStatement
{
    public string EventId { get; init; } = "";
    public string Society { get; init; } = "";
    public string? SocietyName { get; init; }
    public string Statement { get; init; } = "";
    public string Checkpoint { get; init; } = "";
    public string Period { get; init; } = "";
    public string Currency { get; init; } = "";
    public string Total { get; init; } = "";
    public string? Path { get; init; }

    public override string ToString() => Statement;
}
