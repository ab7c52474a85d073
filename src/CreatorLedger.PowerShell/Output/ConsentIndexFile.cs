namespace CreatorLedger;

/// <summary>What Export-LedgerConsent wrote: the consent index of one request, the ledger it was decided on, and its rows by decision.</summary>
public sealed class ConsentIndexFile
{
    public string Path { get; init; } = "";

    /// <summary>Parquet or Csv.</summary>
    public string Format { get; init; } = "";

    /// <summary>Registered works in the index (one row each).</summary>
    public long Rows { get; init; }

    public long Licensed { get; init; }
    public long NotLicensed { get; init; }
    public long Disputed { get; init; }

    /// <summary>Works on a -Blocklist list's SHA-256 hashes: Prohibited in the index.</summary>
    public long Prohibited { get; init; }

    public string Licensee { get; init; } = "";
    public string Use { get; init; } = "";
    public bool Commercial { get; init; }
    public string? Territory { get; init; }
    public DateTimeOffset EvaluatedAt { get; init; }
    public string Checkpoint { get; init; } = "";

    /// <summary>Whether the checkpoint was accepted under a trust policy; false: an unwitnessed head or a checkpoint asked for.</summary>
    public bool Witnessed { get; init; }

    public DateTimeOffset? WitnessedAt { get; init; }

    /// <summary>Lowercase hex SHA-256 of the file written, to record beside a training run.</summary>
    public string Sha256 { get; init; } = "";

    public override string ToString() => Path;
}
