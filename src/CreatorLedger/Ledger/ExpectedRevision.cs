namespace CreatorLedger.Ledger;

/// <summary>
/// What an appender believes about a stream before appending: that it does not exist yet, or that its
/// last event has seq <c>n</c>. A stream's revision is its last seq.
/// </summary>
public readonly record struct ExpectedRevision
{
    private ExpectedRevision(long revision) => Revision = revision;

    /// <summary>0 for <see cref="NoStream"/>, else the last seq expected.</summary>
    public long Revision { get; }

    public static ExpectedRevision NoStream { get; } = new(0);

    public static ExpectedRevision Exactly(long revision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(revision, 0);
        return new(revision);
    }

    public static ExpectedRevision After(long lastSeq) => lastSeq == 0 ? NoStream : Exactly(lastSeq);

    public override string ToString() => Revision == 0 ? "no stream" : $"revision {Revision}";
}
