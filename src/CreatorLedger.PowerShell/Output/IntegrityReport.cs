namespace CreatorLedger;

/// <summary>The result of Test-LedgerIntegrity.</summary>
public sealed class IntegrityReport
{
    public bool Valid { get; init; }
    public long Events { get; init; }
    public long Streams { get; init; }
    public string Checkpoint { get; init; } = "";
    public IntegrityProblem[] Problems { get; init; } = [];
}

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
