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

    /// <summary>Appends drafts in order, <see cref="BatchSize"/> per transaction; reports how many are written.</summary>
    public async Task<IReadOnlyList<SignedEvent>> AppendAsync(IReadOnlyList<EventDraft> drafts, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var written = new List<SignedEvent>(drafts.Count);
        StreamHead? head = null;
        for (int offset = 0; offset < drafts.Count; offset += BatchSize)
        {
            var batch = drafts.Skip(offset).Take(BatchSize).ToArray();
            for (int attempt = 1; ; attempt++)
            {
                head ??= await store.GetStreamHeadAsync(Identity, cancellationToken).ConfigureAwait(false)
                    ?? throw new AuthorException(AuthorProblem.IdentityNotOnLedger, Identity,
                        $"{Identity} has no IdentityCreated on this ledger; create it here or import its events first.");
                if (head.CurrentKey != key.Id)
                    throw new AuthorException(AuthorProblem.KeyNotCurrent, Identity,
                        $"The key {key.Id} is not the current key of {Identity} (the ledger says {head.CurrentKey}); was the key file restored from before a rotation?");
                var signed = Sign(head, batch);
                try
                {
                    await store.AppendAsync(Identity, ExpectedRevision.After(head.Seq), signed, cancellationToken).ConfigureAwait(false);
                    head = head with { Seq = signed[^1].Seq, LastId = signed[^1].Id, LastAt = signed[^1].At };
                    written.AddRange(signed);
                    progress?.Report(written.Count);
                    break;
                }
                catch (WrongExpectedRevisionException) when (attempt < Attempts)
                {
                    head = null;
                }
            }
        }
        return written;
    }

    private SignedEvent[] Sign(StreamHead head, EventDraft[] drafts)
    {
        var now = LedgerTime.From(_clock.GetUtcNow());
        var at = now < head.LastAt ? head.LastAt : now;
        // Canonicalizing the data does not depend on the chain: do it on every core, then chain in order.
        var prepared = new UnsignedEnvelope.PreparedData[drafts.Length];
        if (drafts.Length < 32)
            for (int i = 0; i < drafts.Length; i++) prepared[i] = UnsignedEnvelope.Prepare(drafts[i]);
        else
            Parallel.For(0, drafts.Length, i => prepared[i] = UnsignedEnvelope.Prepare(drafts[i]));
        var envelopes = new UnsignedEnvelope[drafts.Length];
        long seq = head.Seq;
        EventId prev = head.LastId;
        for (int i = 0; i < drafts.Length; i++)
        {
            envelopes[i] = new UnsignedEnvelope(Identity, ++seq, prev, prepared[i], at, key.Id);
            prev = envelopes[i].Id;
        }
        // Ids do not depend on signatures, so the chain is fixed already and signing can use every core.
        var signed = new SignedEvent[drafts.Length];
        if (drafts.Length < 32)
            for (int i = 0; i < drafts.Length; i++) signed[i] = SignedEvent.Sign(envelopes[i], key);
        else
            Parallel.For(0, drafts.Length, i => signed[i] = SignedEvent.Sign(envelopes[i], key));
        return signed;
    }
}
