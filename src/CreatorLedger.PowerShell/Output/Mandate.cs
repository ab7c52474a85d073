namespace CreatorLedger;

/// <summary>A creator's mandate to an agent (a collecting society), with its status now.</summary>
public sealed class Mandate
{
    public string MandateId { get; init; } = "";
    public string Owner { get; init; } = "";
    public string? OwnerName { get; init; }
    public string Agent { get; init; } = "";
    public string? AgentName { get; init; }
    public string[] Works { get; init; } = [];
    public string[] Uses { get; init; } = [];
    public DateTimeOffset From { get; init; }
    public DateTimeOffset? Until { get; init; }
    public decimal CommissionPercent { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset? RevokedAt { get; init; }

    public override string ToString() => MandateId;
}
