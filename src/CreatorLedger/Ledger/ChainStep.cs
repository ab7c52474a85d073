namespace CreatorLedger.Ledger;

/// <summary>The outcome of placing one event on its chain: the new head, or the violation that refuses it.</summary>
public readonly record struct ChainStep(StreamHead? Head, ChainViolation? Violation, bool IsDuplicate = false)
{
    public bool IsValid => Head is not null;
}
