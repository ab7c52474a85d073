namespace CreatorLedger;

/// <summary>One problem Test-LedgerIntegrity found.</summary>
public sealed class IntegrityProblem
{
    public long Position { get; init; }
    public string? EventId { get; init; }
    public string? Stream { get; init; }
    public long Seq { get; init; }
    public string Code { get; init; } = "";
    public string Message { get; init; } = "";

    public override string ToString() => $"#{Position} {Code}: {Message}";
}
