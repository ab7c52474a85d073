namespace CreatorLedger.Datasets.Screening;

/// <summary>The kinds of hash a hotline's list carries (DESIGN §11): cryptographic digests of the bytes, or PDQ's perceptual hash of a picture.</summary>
public enum HashKind
{
    Md5,
    Sha1,
    Sha256,
    Pdq,
}
