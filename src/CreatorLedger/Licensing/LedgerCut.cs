using CreatorLedger.Events;

namespace CreatorLedger.Licensing;

/// <summary>
/// Which events count (DESIGN §6 "as of"): the first <see cref="Size"/> of the ledger, and of those only the ones
/// whose <c>at</c> is not later than <see cref="Until"/>. As of a time T: (head, T). At a checkpoint: (size, none).
/// </summary>
public readonly record struct LedgerCut(long Size, LedgerTime? Until)
{
    /// <summary>Every event there is.</summary>
    public static LedgerCut Everything { get; } = new(long.MaxValue, null);

    public static LedgerCut AsOf(LedgerTime time) => new(long.MaxValue, time);

    public static LedgerCut AtSize(long size) => new(size, null);

    public bool Counts(long position, LedgerTime at) => position <= Size && (Until is not { } until || at <= until);

    internal bool Counts(long position, long atMilliseconds) =>
        position <= Size && (Until is not { } until || atMilliseconds <= until.UnixMilliseconds);
}
