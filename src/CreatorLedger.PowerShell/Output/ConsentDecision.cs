namespace CreatorLedger;

/// <summary>One input of Test-LedgerLicense and what the ledger says of it.</summary>
public sealed class ConsentDecision
{
    /// <summary>The file holding the sample: the file itself, its WebDataset shard, or its Parquet file (null for a digest given as it is).</summary>
    public string? Path { get; init; }

    /// <summary>Where exactly the sample is: <c>path</c>, <c>shard#member</c>, or <c>file#row (key)</c>.</summary>
    public string? Location { get; init; }

    /// <summary>The sample's WebDataset key, or its Parquet key column's value.</summary>
    public string? Key { get; init; }

    /// <summary>The shard member that is the sample.</summary>
    public string? Member { get; init; }

    /// <summary>The sample's 0-based row in its Parquet file.</summary>
    public long? Row { get; init; }

    /// <summary>How the digest was obtained: Content (hashed here) or Metadata (read from the dataset, or given).</summary>
    public string DigestSource { get; init; } = "";

    public string? Work { get; init; }

    /// <summary>
    /// Licensed, NotLicensed, NotRegistered, Disputed; Prohibited (on a -Blocklist list, whatever grants exist: its
    /// Reason says by which hash, Md5Match, Sha1Match, Sha256Match or PdqMatch); or Unreadable (a sample with no usable
    /// digest, or one that cannot be screened: never licensed; its Reason says why: Unreadable, NoDigest, BadDigest,
    /// DuplicateKey or NotScreened).
    /// </summary>
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

    /// <summary>For a Prohibited sample: the name of the list that has it.</summary>
    public string? List { get; init; }

    /// <summary>For a sample Prohibited by PDQ: how many of the 256 bits its hash differs from the listed one (0–31).</summary>
    public int? Distance { get; init; }

    public bool IsLicensed => Decision == "Licensed";

    public override string ToString() => $"{Decision} {Location ?? Work}";
}
