namespace CreatorLedger.Transparency;

/// <summary>
/// 409: the old size sent is not the size of the latest checkpoint the witness cosigned for this log. Retry from
/// <see cref="LatestSize"/> with a consistency proof from there.
/// </summary>
public sealed class WitnessConflict : WitnessAddResult
{
    internal WitnessConflict(Uri witness, long sentOldSize, long latestSize) : base(witness)
    {
        SentOldSize = sentOldSize;
        LatestSize = latestSize;
    }

    public long SentOldSize { get; }

    /// <summary>The witness's latest cosigned size for the origin, from the <c>text/x.tlog.size</c> body.</summary>
    public long LatestSize { get; }

    public override string ToString() => $"conflict at {Witness}: sent old size {SentOldSize}, the witness holds {LatestSize}";
}
