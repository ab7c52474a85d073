namespace CreatorLedger;

/// <summary>The store a session is connected to.</summary>
public sealed class LedgerConnection
{
    public string Store { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Checkpoint { get; init; } = "";
}
