namespace CreatorLedger.Witness;

/// <summary>What the witness decided about one add-checkpoint request; the HTTP adapter maps each to its tlog-witness status.</summary>
public enum WitnessVerdict
{
    /// <summary>200: the state moved to the checkpoint and the witness cosigned it.</summary>
    Cosigned,

    /// <summary>400: the body is malformed, or the old size is larger than the checkpoint's size.</summary>
    Malformed,

    /// <summary>403: no valid signature by a trusted key for the origin, or a trusted key's signature fails.</summary>
    BadSignature,

    /// <summary>404: the origin is not one this witness cosigns.</summary>
    UnknownOrigin,

    /// <summary>409: the old size is not the witness's latest size for the origin.</summary>
    Conflict,

    /// <summary>422: the proof does not verify, the roots of equal sizes differ, or a size-0 checkpoint is not the empty tree.</summary>
    Inconsistent,
}
