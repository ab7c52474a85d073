using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

/// <summary>
/// One identity writing to its own stream: places drafts on the chain (seq, prev, a time never earlier than the
/// previous event's), signs them, and appends them in batches. If another writer of the same identity appended
/// first, it re-reads the head, re-signs and tries again, so two processes using one identity both succeed.
/// </summary>
public sealed class Author(IEventStore store, IdentityId identity, SigningKey key, TimeProvider? clock = null)
{
    /// <summary>Events per transaction: 10,000 works are 10 transactions, not 10,000.</summary>
    public const int BatchSize = 1000;

    /// <summary>
    /// Bytes of event data per transaction, at most (a batch always holds at least one event): a thousand list
    /// registrations near the 1 MB envelope limit would otherwise make one transaction of a gigabyte.
    /// </summary>
    public const int BatchBytes = 16 << 20;
    private const int Attempts = 8;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public IdentityId Identity { get; } = identity;

    /// <summary>Creates the identity's stream: IdentityCreated at seq 1, signed by the key it is named after.</summary>
    public static async Task<SignedEvent> CreateIdentityAsync(IEventStore store, SigningKey key, IdentityCreated created,
        TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        var now = LedgerTime.From((clock ?? TimeProvider.System).GetUtcNow());
        var envelope = new UnsignedEnvelope(key.Id, 1, null, created.ToDraft(), now, key.Id);
        var signed = SignedEvent.Sign(envelope, key);
        await store.AppendAsync(key.Id, ExpectedRevision.NoStream, [signed], cancellationToken).ConfigureAwait(false);
        return signed;
    }

    public async Task<SignedEvent> AppendAsync(EventDraft draft, CancellationToken cancellationToken = default) =>
        (await AppendAsync([draft], null, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Appends drafts in order, <see cref="BatchSize"/> (or <see cref="BatchBytes"/>) per transaction; reports how many are written. While one
    /// batch is being written, the next is signed (its chain follows from the ids alone), so the store's work
    /// overlaps the signing. If another writer of this identity got in first, everything not yet written is
    /// re-chained on the new head and signed again.
    /// </summary>
    public async Task<IReadOnlyList<SignedEvent>> AppendAsync(IReadOnlyList<EventDraft> drafts, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var written = new List<SignedEvent>(drafts.Count);
        for (int attempt = 1; written.Count < drafts.Count; attempt++)
        {
            var head = await CurrentHeadAsync(cancellationToken).ConfigureAwait(false);
            var batch = Sign(head, Slice(drafts, written.Count));
            try
            {
                while (batch is not null)
                {
                    var expected = ExpectedRevision.After(head.Seq);
                    var current = batch;
                    var appending = Task.Run(() => store.AppendAsync(Identity, expected, current, cancellationToken), cancellationToken);
                    head = head with { Seq = current[^1].Seq, LastId = current[^1].Id, LastAt = current[^1].At };
                    int next = written.Count + current.Length;
                    batch = next < drafts.Count ? Sign(head, Slice(drafts, next)) : null;
                    await appending.ConfigureAwait(false);
                    written.AddRange(current);
                    progress?.Report(written.Count);
                }
            }
            catch (WrongExpectedRevisionException) when (attempt < Attempts)
            {
            }
        }
        return written;
    }

    private async Task<StreamHead> CurrentHeadAsync(CancellationToken cancellationToken)
    {
        var head = await store.GetStreamHeadAsync(Identity, cancellationToken).ConfigureAwait(false)
            ?? throw new AuthorException(AuthorProblem.IdentityNotOnLedger, Identity,
                $"{Identity} has no IdentityCreated on this ledger; create it here or import its events first.");
        if (head.CurrentKey != key.Id)
            throw new AuthorException(AuthorProblem.KeyNotCurrent, Identity,
                $"The key {key.Id} is not the current key of {Identity} (the ledger says {head.CurrentKey}); was the key file restored from before a rotation?");
        return head;
    }

    private static EventDraft[] Slice(IReadOnlyList<EventDraft> drafts, int offset) =>
        drafts.Skip(offset).Take(BatchSize).ToArray();

    private SignedEvent[] Sign(StreamHead head, EventDraft[] drafts)
    {
        var now = LedgerTime.From(_clock.GetUtcNow());
        var at = now < head.LastAt ? head.LastAt : now;
        // Canonicalizing the data and writing and hashing the envelope up to its place in the chain (all but a short
        // tail) do not depend on the chain: done on every core, then the tails are chained in order.
        var fronts = new UnsignedEnvelope.Front[drafts.Length];
        if (drafts.Length < 32)
            for (int i = 0; i < drafts.Length; i++) fronts[i] = UnsignedEnvelope.Begin(UnsignedEnvelope.Prepare(drafts[i]), at, key.Id);
        else
            Parallel.For(0, drafts.Length, i => fronts[i] = UnsignedEnvelope.Begin(UnsignedEnvelope.Prepare(drafts[i]), at, key.Id));
        // Drafts past the byte limit wait for the next batch (the caller goes on from the last one signed).
        int count = 1;
        for (long bytes = fronts[0].Data.Canonical.Length; count < fronts.Length && (bytes += fronts[count].Data.Canonical.Length) <= BatchBytes;) count++;
        for (int i = count; i < fronts.Length; i++) fronts[i].Hash.Dispose();
        var envelopes = new UnsignedEnvelope[count];
        long seq = head.Seq;
        EventId prev = head.LastId;
        for (int i = 0; i < count; i++)
        {
            envelopes[i] = new UnsignedEnvelope(Identity, ++seq, prev, fronts[i]);
            prev = envelopes[i].Id;
        }
        // Ids do not depend on signatures, so the chain is fixed already and signing can use every core.
        var signed = new SignedEvent[count];
        if (count < 32)
            for (int i = 0; i < count; i++) signed[i] = SignedEvent.Sign(envelopes[i], key);
        else
            Parallel.For(0, count, i => signed[i] = SignedEvent.Sign(envelopes[i], key));
        return signed;
    }
}
