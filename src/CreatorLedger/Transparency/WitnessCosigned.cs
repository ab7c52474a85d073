namespace CreatorLedger.Transparency;

/// <summary>
/// 200: the witness cosigned. <see cref="Cosignatures"/> are its signature lines, parsed but not verified: tlog-witness says
/// the client ignores lines from keys it does not know, so check them with the witness keys you trust (<see cref="SignedNote.Verify"/>
/// on <see cref="CosignedNote"/>, or <see cref="Cosignature.Verify"/>).
/// </summary>
public sealed class WitnessCosigned : WitnessAddResult
{
    internal WitnessCosigned(Uri witness, SignedNote submitted, IReadOnlyList<NoteSignature> cosignatures) : base(witness)
    {
        Submitted = submitted;
        Cosignatures = cosignatures;
    }

    /// <summary>The note that was submitted.</summary>
    public SignedNote Submitted { get; }

    /// <summary>The response's signature lines, in order (at least one).</summary>
    public IReadOnlyList<NoteSignature> Cosignatures { get; }

    /// <summary>The submitted note with the witness's lines appended (the spec's way to read them: concatenate and verify).</summary>
    public SignedNote CosignedNote => SignedNote.Create(Submitted.Text, [.. Submitted.Signatures, .. Cosignatures]);

    public override string ToString() => $"cosigned by {Witness} ({Cosignatures.Count} line(s))";
}
