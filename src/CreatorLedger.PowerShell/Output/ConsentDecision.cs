namespace CreatorLedger;

/// <summary>One input of Test-LedgerLicense and what the ledger says of it.</summary>
public sealed class ConsentDecision
{
    public string? Path { get; init; }
    public string? Work { get; init; }

    /// <summary>Licensed, NotLicensed, NotRegistered, Disputed, or Unreadable (a file that could not be hashed: never licensed).</summary>
    public string Decision { get; init; } = "";

    public string Reason { get; init; } = "";
    public string? Owner { get; init; }
    public string? OwnerName { get; init; }
    public string[] GrantIds { get; init; } = [];
    public DateTimeOffset EvaluatedAt { get; init; }
    public string Checkpoint { get; init; } = "";

    /// <summary>Whether the checkpoint was accepted under a trust policy (signed by its log, cosigned by its witness quorum); false: an unwitnessed head.</summary>
    public bool Witnessed { get; init; }

    /// <summary>When the policy's witness quorum last cosigned the checkpoint (null when unwitnessed, or under quorum none).</summary>
    public DateTimeOffset? WitnessedAt { get; init; }
    public string? Message { get; init; }

    public bool IsLicensed => Decision == "Licensed";

    public override string ToString() => $"{Decision} {Path ?? Work}";
}
