namespace CreatorLedger;

/// <summary>A registered work and who claims it.</summary>
public sealed class Work
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716")]
    public string Digest { get; init; } = "";
    public string Title { get; init; } = "";
    public string MediaType { get; init; } = "";
    public long Bytes { get; init; }
    public string Owner { get; init; } = "";
    public string? OwnerName { get; init; }
    public DateTimeOffset Registered { get; init; }
    public bool Disputed { get; init; }
    public string[] Claimants { get; init; } = [];
    public string? Path { get; init; }
    public string EventId { get; init; } = "";

    public override string ToString() => Digest;
}
