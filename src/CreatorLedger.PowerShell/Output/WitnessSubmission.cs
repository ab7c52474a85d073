namespace CreatorLedger;

/// <summary>What one witness did with the ledger's newest signed checkpoint.</summary>
public sealed class WitnessSubmission
{
    /// <summary>The witness's address (its submission prefix).</summary>
    public string Witness { get; init; } = "";

    /// <summary>Its name, when a policy names it.</summary>
    public string? Name { get; init; }

    /// <summary>Cosigned, Refused, Unreachable, or Ahead (it has cosigned more of this log than the ledger holds).</summary>
    public string Status { get; init; } = "";

    /// <summary>The size the consistency proof started from (what the witness held).</summary>
    public long OldSize { get; init; }

    /// <summary>The signed checkpoint submitted, size:root.</summary>
    public string Checkpoint { get; init; } = "";

    public string Message { get; init; } = "";
}
