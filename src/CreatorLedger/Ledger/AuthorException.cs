using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

public enum AuthorProblem
{
    /// <summary>The identity has no IdentityCreated on this ledger (another store, or never created here).</summary>
    IdentityNotOnLedger,
    /// <summary>The key offered is not the stream's current key (an old key file after a rotation, say).</summary>
    KeyNotCurrent,
}

/// <summary>An identity cannot write to its stream on this ledger; nothing was written.</summary>
public sealed class AuthorException(AuthorProblem problem, IdentityId identity, string message) : Exception(message)
{
    public AuthorProblem Problem { get; } = problem;
    public IdentityId Identity { get; } = identity;
}
