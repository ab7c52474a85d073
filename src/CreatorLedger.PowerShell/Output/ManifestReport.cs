namespace CreatorLedger;

/// <summary>What Test-LedgerManifest found: the signature, whether every decision reproduces, and what changed since.</summary>
public sealed class ManifestReport
{
    public string Path { get; init; } = "";
    public string Run { get; init; } = "";
    public bool SignatureValid { get; init; }
    public bool Reproduced { get; init; }
    public string Checkpoint { get; init; } = "";

    /// <summary>The signed note the manifest pins: None (an unwitnessed head), Signed (by the log), Witnessed (under the session's policy) or Invalid.</summary>
    public string CheckpointNote { get; init; } = "";

    /// <summary>When the policy's witness quorum cosigned the pinned note (Witnessed only).</summary>
    public DateTimeOffset? WitnessedAt { get; init; }

    /// <summary>Under a trust policy: revocations of included works that the witnesses had cosigned more than the maximum age before the manifest was made, yet its checkpoint lacks (a stale ledger).</summary>
    public int StaleRevocations { get; init; }

    /// <summary>For a manifest made with -WithProofs: how many included entries its proven events prove (null without proofs).</summary>
    public long? ProvenEntries { get; init; }

    /// <summary>How many entries the manifest has.</summary>
    public long EntryCount { get; init; }

    public long StillLicensed { get; init; }
    public long NoLongerLicensed { get; init; }

    /// <summary>With -Blocklist: entries the lists now flag that the manifest did not (listed in Entries with Now = Prohibited); null without.</summary>
    public long? NowProhibited { get; init; }

    /// <summary>Of those, how many the run included: trained on material now known to be on a list.</summary>
    public long? IncludedNowProhibited { get; init; }

    /// <summary>With -Blocklist: entries that could not be screened again, the manifest having kept none of the hashes the lists need.</summary>
    public long? NotRescreened { get; init; }

    /// <summary>The entries whose decision did not reproduce or whose standing changed since (every entry with -All).</summary>
    public ManifestEntryStatus[] Entries { get; init; } = [];
}

/// <summary>One entry of a manifest re-checked.</summary>
public sealed class ManifestEntryStatus
{
    public string? Path { get; init; }

    /// <summary>Where exactly the sample is: <c>path</c>, <c>shard#member</c>, or <c>file#row (key)</c>.</summary>
    public string? Location { get; init; }

    public string? Work { get; init; }
    public string Then { get; init; } = "";
    public bool Reproduced { get; init; }

    /// <summary>StillLicensed, Revoked, Expired, Disputed, … for included works; StillExcluded or NowLicensed for the others; Prohibited for one a -Blocklist list now has.</summary>
    public string Now { get; init; } = "";

    /// <summary>For an entry Now Prohibited: the list that has it, and for PDQ, the distance.</summary>
    public string? List { get; init; }

    public int? Distance { get; init; }
}
