namespace CreatorLedger.Transparency;

/// <summary>
/// The monitoring read of a witness (<c>GET &lt;prefix&gt;/&lt;hex SHA-256 of origin&gt;/checkpoint</c>): the latest checkpoint it
/// cosigned for a log, with the log's signatures it verified and its own cosignature, or why there is none.
/// </summary>
public sealed class WitnessLatest
{
    internal WitnessLatest(Uri witness, string origin, SignedNote? note, int? statusCode, string? problem)
    {
        Witness = witness;
        Origin = origin;
        Note = note;
        StatusCode = statusCode;
        Problem = problem;
    }

    public Uri Witness { get; }

    public string Origin { get; }

    /// <summary>The latest cosigned checkpoint (unverified: check it with the log's and the witness's keys), or null.</summary>
    public SignedNote? Note { get; }

    /// <summary>The HTTP status, or null when the witness could not be reached.</summary>
    public int? StatusCode { get; }

    /// <summary>Null when found or when the witness answered 404; otherwise what went wrong.</summary>
    public string? Problem { get; }

    public bool Found => Note is not null;

    /// <summary>The witness answered 404: it never cosigned a checkpoint of this origin.</summary>
    public bool NeverCosigned => StatusCode == 404 && Note is null;

    public override string ToString() =>
        Found ? $"{Witness} holds {Origin} at size {CheckpointBody.Parse(Note!.Text).Size}"
        : NeverCosigned ? $"{Witness} never cosigned {Origin}"
        : $"{Witness} did not answer for {Origin}: {Problem}";
}
