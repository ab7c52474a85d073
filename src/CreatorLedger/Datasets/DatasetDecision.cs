using CreatorLedger.Licensing;

namespace CreatorLedger.Datasets;

/// <summary>
/// One sample decided: the ledger's decision for its work, or — for a file that could not be read or changed while it
/// was hashed — none, with the <see cref="Problem"/>: such a sample is Unreadable, never licensed (fail closed).
/// </summary>
public sealed record DatasetDecision(DatasetInput Input, ConsentDecision? Decision, string? Problem)
{
    public const string Unreadable = nameof(Unreadable);

    public string? Path => Input.Path;

    public WorkId? Work => Decision?.Work;

    public bool IsLicensed => Decision is { IsLicensed: true };

    /// <summary>Licensed, NotLicensed, NotRegistered, Disputed, or Unreadable.</summary>
    public string Outcome => Decision?.Decision ?? Unreadable;

    public string Reason => Decision?.Reason.ToString() ?? Unreadable;
}
