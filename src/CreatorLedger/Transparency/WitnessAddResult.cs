namespace CreatorLedger.Transparency;

/// <summary>
/// A witness's answer to <c>add-checkpoint</c>, as <see cref="WitnessClient"/> read it: exactly one of
/// <see cref="WitnessCosigned"/> (200), <see cref="WitnessConflict"/> (409 with the witness's size) or
/// <see cref="WitnessRefused"/> (any other status, a garbled answer, or no answer).
/// </summary>
public abstract class WitnessAddResult
{
    private protected WitnessAddResult(Uri witness) => Witness = witness;

    /// <summary>The witness's submission prefix the request went to.</summary>
    public Uri Witness { get; }
}
