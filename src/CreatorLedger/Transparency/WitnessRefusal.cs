namespace CreatorLedger.Transparency;

/// <summary>Why a witness did not cosign: the tlog-witness status codes, then what a client meets besides them.</summary>
public enum WitnessRefusal
{
    /// <summary>400: the request was malformed, or its old size exceeds the checkpoint's size.</summary>
    BadRequest,

    /// <summary>403: no valid signature by a log key the witness trusts for the origin.</summary>
    BadSignature,

    /// <summary>404: the witness does not witness this origin.</summary>
    UnknownOrigin,

    /// <summary>422: the consistency proof does not verify, or the checkpoint contradicts the one the witness holds.</summary>
    Inconsistent,

    /// <summary>Another HTTP status (5xx, 405, a proxy's 502…).</summary>
    OtherStatus,

    /// <summary>The status was one the spec defines but the body was not what the spec says it is.</summary>
    Garbage,

    /// <summary>No HTTP answer at all: connection refused, reset, DNS failure or timeout.</summary>
    Unreachable,
}
