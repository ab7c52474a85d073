namespace CreatorLedger;

/// <summary>A checkpoint the ledger's operator signed (a C2SP signed note), with the witnesses' cosignatures kept for it.</summary>
public sealed class SignedCheckpoint
{
    public string Origin { get; init; } = "";
    public long Size { get; init; }
    public string Root { get; init; } = "";

    /// <summary>The checkpoint written size:root.</summary>
    public string Checkpoint { get; init; } = "";

    /// <summary>The log's verifier key, in the signed-note name+id+key form a policy's log line takes.</summary>
    public string LogKey { get; init; } = "";

    /// <summary>The witnesses that cosigned, by key name (checked only under a policy).</summary>
    public string[] Witnesses { get; init; } = [];

    /// <summary>When each cosigned, in the order of <see cref="Witnesses"/>.</summary>
    public DateTimeOffset[] CosignedAt { get; init; } = [];

    /// <summary>When the store first kept it (empty for one read from a file).</summary>
    public DateTimeOffset? Recorded { get; init; }

    /// <summary>The signed note, exactly: what witnesses and verifiers read.</summary>
    public string Note { get; init; } = "";

    public override string ToString() => Note;
}
