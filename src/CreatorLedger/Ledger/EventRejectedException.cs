namespace CreatorLedger.Ledger;

/// <summary>An append or import was refused; nothing was written. <see cref="Violation"/> is the evidence.</summary>
public sealed class EventRejectedException(ChainViolation violation, long? line = null)
    : Exception(line is null ? violation.ToString() : $"line {line}: {violation}")
{
    public ChainViolation Violation { get; } = violation;

    /// <summary>The 1-based line of the offending event, when it came from a JSON Lines file.</summary>
    public long? Line { get; } = line;
}
