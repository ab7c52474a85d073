using CreatorLedger.Ledger;

namespace CreatorLedger.Transparency;

/// <summary>
/// A mirror kept up to date under a trust policy (DESIGN §9): not every event as it arrives, but up to each newer
/// checkpoint the policy accepts, with the source's signed notes, after the same fork check as a one-off sync. Like a
/// one-off sync it fails closed: it ends with the error when the newest accepted checkpoint grows older than the
/// policy's maximum age, when a witness has cosigned more than the source serves, or when the source forks.
/// </summary>
public static class WitnessedFollow
{
    /// <param name="nextRound">Waits until the source is to be read again (a poll interval; a test's own signal).</param>
    /// <param name="progress">Told the mirror's checkpoint after every round, copied or not.</param>
    public static async Task FollowAsync(IEventStore source, IEventStore destination, TrustedCheckpoints trust, WitnessClient? witnesses,
        Func<CancellationToken, Task> nextRound, string evidenceFolder, TimeProvider clock, IProgress<Checkpoint>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(nextRound);
        ArgumentNullException.ThrowIfNull(clock);
        while (true)
        {
            await nextRound(cancellationToken).ConfigureAwait(false);
            var served = await CheckpointMirror.ServedByAsync(source, cancellationToken).ConfigureAwait(false);
            await CheckpointMirror.CheckAsync(served, destination, source, source.Description, evidenceFolder, clock, cancellationToken).ConfigureAwait(false);
            var accepted = await trust.AcceptAsync(source, witnesses, cancellationToken).ConfigureAwait(false);
            var head = await destination.HeadAsync(cancellationToken).ConfigureAwait(false);
            if (accepted.Checkpoint.Size > head.Size)
                head = (await LedgerSync.SyncAsync(source, destination, accepted.Checkpoint.Size, null, cancellationToken).ConfigureAwait(false)).Head;
            await CheckpointMirror.CopyAsync(served, destination, cancellationToken).ConfigureAwait(false);
            progress?.Report(head);
        }
    }
}
