namespace CreatorLedger.Datasets;

/// <summary>
/// The columns of a consent index, in file order, the same in Parquet and CSV so that one query reads either. The
/// first six vary by row; the last six repeat the request and the ledger it was decided on in every row, so that a
/// joined result still says what it is about (in Parquet they cost next to nothing: one dictionary entry each).
/// </summary>
public static class ConsentIndexColumns
{
    public const string Work = "work";
    public const string Sha256 = "sha256";
    public const string Decision = "decision";
    public const string Reason = "reason";
    public const string Owner = "owner";
    public const string GrantIds = "grant_ids";
    public const string Licensee = "licensee";
    public const string Use = "use";
    public const string Commercial = "commercial";
    public const string Territory = "territory";
    public const string Checkpoint = "checkpoint";
    public const string EvaluatedAt = "evaluated_at";

    public static IReadOnlyList<string> All { get; } =
        [Work, Sha256, Decision, Reason, Owner, GrantIds, Licensee, Use, Commercial, Territory, Checkpoint, EvaluatedAt];
}
