using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>Another writer appended to the stream first. Carries what was expected and what was found.</summary>
public sealed class WrongExpectedRevisionException(IdentityId stream, ExpectedRevision expected, long actual)
    : Exception($"Stream {stream} is at {(actual == 0 ? "no stream" : $"revision {actual}")}, not at {expected} as the append expected.")
{
    public IdentityId Stream { get; } = stream;
    public ExpectedRevision Expected { get; } = expected;

    /// <summary>The stream's last seq, 0 when it does not exist.</summary>
    public long Actual { get; } = actual;
}
