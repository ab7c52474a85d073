using CreatorLedger.Transparency;

namespace CreatorLedger.Witness;

/// <summary>The witness's answer to one request, with its evidence: the cosignature, the size it holds, or why it refused.</summary>
public sealed class WitnessOutcome
{
    private WitnessOutcome(WitnessVerdict verdict, string? problem, long? latestSize, NoteSignature? cosignature)
    {
        Verdict = verdict;
        Problem = problem;
        LatestSize = latestSize;
        Cosignature = cosignature;
    }

    public WitnessVerdict Verdict { get; }

    /// <summary>Why the request was refused; null when cosigned.</summary>
    public string? Problem { get; }

    /// <summary>The witness's latest size for the origin: set for <see cref="WitnessVerdict.Conflict"/> and when cosigned.</summary>
    public long? LatestSize { get; }

    /// <summary>The tlog-cosignature/v1 line, when cosigned.</summary>
    public NoteSignature? Cosignature { get; }

    internal static WitnessOutcome Cosigned(long size, NoteSignature cosignature) => new(WitnessVerdict.Cosigned, null, size, cosignature);

    internal static WitnessOutcome Conflict(long latestSize, long oldSize) =>
        new(WitnessVerdict.Conflict, $"old size {oldSize} is not the latest cosigned size {latestSize}", latestSize, null);

    internal static WitnessOutcome Refused(WitnessVerdict verdict, string problem) => new(verdict, problem, null, null);

    public override string ToString() => Problem is null ? $"{Verdict} at size {LatestSize}" : $"{Verdict}: {Problem}";
}
