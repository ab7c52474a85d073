namespace CreatorLedger.Datasets.Screening;

/// <summary>A list's PDQ hash a picture's hash matched, and how many bits apart they are (at most <see cref="PdqMatch.MaxDistance"/>).</summary>
public readonly record struct PdqIndexMatch(PdqHash Listed, int Distance);
