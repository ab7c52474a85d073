namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// The hashes of one sample's bytes that its screening needed (<see cref="Computed"/>), taken in the same read as its
/// work digest: MD5, SHA-1, the SHA-256 of the bytes (when the work digest is not already theirs), and the PDQ hash
/// of a picture (null for bytes that are not one). A manifest keeps them so that a newer list can screen it again.
/// </summary>
public sealed record SampleHashes(ScreeningNeeds Computed, byte[]? Md5, byte[]? Sha1, byte[]? Sha256, PdqResult? Pdq)
{
    /// <summary>Why bytes that should be a picture (by their name, or by how they start) yielded no PDQ hash; null when none.</summary>
    public string? PictureProblem { get; init; }
}
