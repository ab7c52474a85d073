using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// Another writer appended to the stream first, so the append was refused. Carries what was expected and
/// the stream's real revision, read from the store (also when the writers raced past each other's head checks).
/// </summary>
public sealed class WrongExpectedRevisionException(IdentityId stream, ExpectedRevision expected, long actual, Exception? inner = null)
    : Exception($"Stream {stream} is at {(actual == 0 ? "no stream" : $"revision {actual}")}, not at {expected} as the append expected.", inner)
{
    public IdentityId Stream { get; } = stream;
    public ExpectedRevision Expected { get; } = expected;

    /// <summary>The stream's last seq as stored, 0 when it does not exist; never negative.</summary>
    public long Actual { get; } = actual;
}
