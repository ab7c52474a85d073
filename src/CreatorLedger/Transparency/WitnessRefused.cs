namespace CreatorLedger.Transparency;

/// <summary>The witness did not cosign, and did not tell us its size either: the reason, the status (null when there was no answer), and what it said.</summary>
public sealed class WitnessRefused : WitnessAddResult
{
    internal WitnessRefused(Uri witness, WitnessRefusal reason, int? statusCode, string message) : base(witness)
    {
        Reason = reason;
        StatusCode = statusCode;
        Message = message;
    }

    public WitnessRefusal Reason { get; }

    /// <summary>The HTTP status, or null when the witness could not be reached.</summary>
    public int? StatusCode { get; }

    /// <summary>The witness's own text (trimmed, at most 500 characters), or what was wrong with its answer, or the connection error.</summary>
    public string Message { get; }

    public override string ToString() =>
        $"refused by {Witness}: {Reason}{(StatusCode is { } code ? $" ({code})" : "")}: {Message}";
}
