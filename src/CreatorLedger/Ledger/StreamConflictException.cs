using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// What a store's dialect throws when its own check refused a write because a stream moved under it (a SQLite or
/// PostgreSQL unique (stream, seq) clash, EventStoreDB's wrong_expected_version): another writer got past the head
/// check first. The store skeleton turns it into <see cref="WrongExpectedRevisionException"/> with the stream's real
/// revision, read again; callers never see this type.
/// </summary>
public sealed class StreamConflictException(IdentityId? stream, Exception? inner = null)
    : Exception($"A stream{(stream is { } s ? $" ({s})" : "")} moved while the append was being written.", inner)
{
    /// <summary>The stream that moved, where the store can tell; null when only "one of them" is known.</summary>
    public IdentityId? Stream { get; } = stream;
}
