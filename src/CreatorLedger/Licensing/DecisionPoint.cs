using CreatorLedger.Ledger;
using CreatorLedger.Transparency;

namespace CreatorLedger.Licensing;

/// <summary>
/// Where decisions are made (DESIGN §6, §9): at the checkpoint asked for; else, under a trust policy, at the newest
/// checkpoint the policy accepts (never at a head nobody witnessed); else at the head, as of a time.
/// <see cref="Accepted"/> says which checkpoint the policy accepted, when one did.
/// </summary>
public sealed record DecisionPoint(ConsentView View, AcceptedCheckpoint? Accepted)
{
    /// <param name="asked">A checkpoint the caller named, or null.</param>
    /// <param name="trust">The trust policy in force, or null.</param>
    /// <param name="witnesses">Where the policy's witnesses are asked what they cosigned (null: not asked).</param>
    public static async Task<DecisionPoint> ChooseAsync(IEventStore store, LicenseProjection projection, LedgerTime at, Checkpoint? asked,
        TrustedCheckpoints? trust, WitnessClient? witnesses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(projection);
        if (asked is { } checkpoint)
            return new(await ConsentView.AtCheckpointAsync(store, projection, checkpoint, at, cancellationToken).ConfigureAwait(false), null);
        if (trust is null) return new(ConsentView.AsOf(projection, at), null);
        var accepted = await trust.AcceptAsync(store, witnesses, cancellationToken).ConfigureAwait(false);
        return new(await ConsentView.AtCheckpointAsync(store, projection, accepted.Checkpoint, at, cancellationToken).ConfigureAwait(false), accepted);
    }
}
