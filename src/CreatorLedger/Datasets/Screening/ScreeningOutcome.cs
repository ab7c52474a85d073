namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// One sample screened: the list that has it, or none; and which hashes the lists needed that the sample did not have
/// (its bytes were not there to hash: a digest given as it is, a Parquet digest column), so it could not be cleared.
/// </summary>
public readonly record struct ScreeningOutcome(ScreeningMatch? Match, ScreeningNeeds Unchecked, string? PictureProblem = null)
{
    public bool IsProhibited => Match is not null;

    /// <summary>Neither on a list nor short of a hash: the sample may be decided on the ledger.</summary>
    public bool IsClear => Match is null && Unchecked == ScreeningNeeds.None && PictureProblem is null;
}
