namespace CreatorLedger.Datasets;

/// <summary>What a consent index holds: its rows, counted by decision (an index has no NotRegistered row: it lists registered works only).</summary>
public sealed class ConsentIndexSummary
{
    public long Rows { get; private set; }

    public long Licensed { get; private set; }

    public long NotLicensed { get; private set; }

    public long Disputed { get; private set; }

    /// <summary>Works on a screening list's SHA-256 hashes (counted apart from NotLicensed).</summary>
    public long Prohibited { get; private set; }

    internal void Add(ConsentIndexBatch batch)
    {
        for (int i = 0; i < batch.Count; i++) Add(batch.Decisions[i]);
    }

    private void Add(string decision)
    {
        Rows++;
        switch (decision)
        {
            case "Licensed": Licensed++; break;
            case "Disputed": Disputed++; break;
            case DatasetDecision.Prohibited: Prohibited++; break;
            default: NotLicensed++; break;
        }
    }
}
