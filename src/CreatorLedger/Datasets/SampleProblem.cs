namespace CreatorLedger.Datasets;

/// <summary>Why a sample has no digest to decide on, or cannot be screened: it is then reported as such and never licensed (fail closed).</summary>
public enum SampleProblem
{
    /// <summary>Its bytes could not be read: a missing or changing file, a truncated or damaged shard, a member that is not there.</summary>
    Unreadable,

    /// <summary>Its metadata has no digest (no such field or column, or a null one).</summary>
    NoDigest,

    /// <summary>Its metadata's digest is not a SHA-256 (64 hex digits, bare or <c>sha256:</c>-prefixed).</summary>
    BadDigest,

    /// <summary>Its key appears more than once in its shard: which member is the sample cannot be known.</summary>
    DuplicateKey,

    /// <summary>
    /// Screening lists need hashes of its bytes that cannot be had (only its digest is known: a digest given as it is,
    /// a Parquet digest column), or its bytes should be a picture and do not decode: it cannot be cleared of them.
    /// </summary>
    NotScreened,
}
