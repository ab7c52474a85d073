namespace CreatorLedger.Transparency;

/// <summary>Why a transparency-log operation was refused (stable: the module's error ids are these names).</summary>
public enum TransparencyProblem
{
    /// <summary>The ledger has no origin yet and none was given, or one that is not an origin line.</summary>
    OriginRequired,

    /// <summary>The ledger's origin is fixed and another was given.</summary>
    OriginMismatch,

    /// <summary>The ledger's checkpoints are signed by another log key.</summary>
    LogKeyMismatch,

    /// <summary>No signed checkpoint covers what was asked (publish one first).</summary>
    CheckpointNotSigned,

    /// <summary>A note, proof or cosignature that does not verify.</summary>
    NotVerified,

    /// <summary>Asked for a position or size the ledger does not have.</summary>
    OutOfRange,

    /// <summary>No signed checkpoint of the ledger meets the trust policy (log key and witness quorum).</summary>
    NotWitnessed,

    /// <summary>The newest checkpoint the policy accepts was witnessed longer ago than the maximum age allows.</summary>
    CheckpointTooOld,

    /// <summary>A witness has cosigned a larger checkpoint than the source serves: the source withholds events.</summary>
    Withheld,
}

/// <summary>A transparency-log operation was refused; nothing was written.</summary>
public sealed class TransparencyException(TransparencyProblem problem, string message) : Exception(message)
{
    public TransparencyProblem Problem { get; } = problem;
}
