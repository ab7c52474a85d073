namespace CreatorLedger.Datasets.Screening;

/// <summary>A picture's PDQ hash and its quality (0–100): a hash of quality under <see cref="PdqMatch.MinQuality"/> is discarded.</summary>
public readonly record struct PdqResult(PdqHash Hash, int Quality)
{
    public bool IsTrusted => PdqMatch.IsTrusted(Quality);
}
