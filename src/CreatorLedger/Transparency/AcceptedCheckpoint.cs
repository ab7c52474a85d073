namespace CreatorLedger.Transparency;

/// <summary>
/// The checkpoint a trust policy accepts: signed by the policy's log key and cosigned by a quorum of its witnesses.
/// <see cref="WitnessedAt"/> is when the quorum was last met (the time of the oldest cosignature among the newest that
/// still make a quorum); null under <c>quorum none</c>, which asks for no witness.
/// </summary>
public sealed record AcceptedCheckpoint(SignedCheckpoint Signed, DateTimeOffset? WitnessedAt, IReadOnlyList<string> Witnesses)
{
    public Checkpoint Checkpoint => Signed.Checkpoint;
}
