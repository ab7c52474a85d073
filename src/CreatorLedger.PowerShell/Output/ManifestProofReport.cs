namespace CreatorLedger;

/// <summary>
/// What Test-LedgerManifest -Offline found with no ledger: the manifest's signature, its pinned checkpoint under the
/// trust policy, and which included entries the manifest's proven events show to rest on a registration and grants.
/// </summary>
public sealed class ManifestProofReport
{
    public string Path { get; init; } = "";
    public string Run { get; init; } = "";
    public bool SignatureValid { get; init; }
    public string Signer { get; init; } = "";

    /// <summary>Whether the signer is the licensee's key: its first one, or one its proven key history names.</summary>
    public bool SignerProven { get; init; }

    public string Checkpoint { get; init; } = "";

    /// <summary>The pinned signed note under the policy: Witnessed, or None / Invalid (then nothing is proven).</summary>
    public string CheckpointNote { get; init; } = "";

    public DateTimeOffset? WitnessedAt { get; init; }

    /// <summary>How many events the manifest carries with inclusion proofs.</summary>
    public int ProvenEvents { get; init; }

    /// <summary>Proven events that are not in the checkpoint's tree or not signed by their author's key.</summary>
    public string[] BadEvents { get; init; } = [];

    public long Included { get; init; }
    public long Proven { get; init; }
    public long Unproven { get; init; }

    /// <summary>True when the signature, the signer, the witnessed checkpoint and every included entry are proven.</summary>
    public bool Verified { get; init; }

    public ManifestEntryProof[] Entries { get; init; } = [];
}

/// <summary>One included entry of a manifest checked offline.</summary>
public sealed class ManifestEntryProof
{
    public string? Path { get; init; }
    public string? Work { get; init; }
    public bool Proven { get; init; }

    /// <summary>Why it is not proven (null when it is).</summary>
    public string? Problem { get; init; }
}
