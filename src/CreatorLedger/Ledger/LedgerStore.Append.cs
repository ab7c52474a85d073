using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

public abstract partial class LedgerStore
{
    /// <summary>Takes the store's write lock for one append (a transaction, or its equivalent).</summary>
    protected abstract Task<AppendTransaction> BeginAppendAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The domain exception for a failure of the store's own client (a SQLite error, a PostgreSQL error, a gRPC status),
    /// or null to let it through: <see cref="StreamConflictException"/> for a write another writer beat,
    /// <see cref="LedgerStoreException"/> for a store that cannot be used.
    /// </summary>
    protected virtual Exception? Translate(Exception failure) => null;

    public async Task<AppendResult> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        if (appends.Sum(a => a.Events.Count) == 0) throw Error.Argument_NothingToAppend(nameof(appends));
        // Signatures and lists of works need no store state: check and read them before taking the write lock.
        var events = appends.SelectMany(a => a.Events).ToArray();
        AppendRules.VerifySignatures(events);
        AppendRules.ReadLists(events);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await AppendCheckedAsync(appends, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (TranslateFailure(e) is { } failure)
        {
            if (failure is not StreamConflictException conflict) throw failure;
            throw await RevisionConflictAsync(appends, conflict, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AppendResult> AppendCheckedAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginAppendAsync(cancellationToken).ConfigureAwait(false);
        // Read under the lock: nobody can append between these reads and the write.
        var now = Clock.GetUtcNow();
        var tree = await transaction.FrontierAsync(cancellationToken).ConfigureAwait(false);
        long before = tree.Size;
        // At the size this handle last wrote, the heads it remembers are every stream's: no query per stream.
        bool known = _heads.IsCompleteAt(before);
        var current = new Dictionary<IdentityId, StreamHead?>();
        foreach (var stream in appends.Select(a => a.Stream).Distinct())
            current[stream] = known ? _heads.Find(stream) : await HeadAsync(stream, transaction.StreamAfterAsync, cancellationToken).ConfigureAwait(false);
        var heads = AppendRules.Check(appends, stream => current[stream], now);

        if (KeepTileHashes) tree.RecordTileHashes();
        long first = before + 1;
        var events = new List<(long, SignedEvent)>(appends.Sum(a => a.Events.Count));
        foreach (var append in appends)
            foreach (var e in append.Events)
            {
                events.Add((tree.Size + 1, e));
                tree.Append(e.Id);
            }
        var batch = new AppendBatch(appends, events, LedgerTime.From(now), tree, new AppendResult(first, tree.Size, tree.Checkpoint));
        var result = await transaction.CommitAsync(batch, cancellationToken).ConfigureAwait(false);
        // Only once all is stored: a remembered head must never run ahead of its stream.
        // A store that places events itself (EventStoreDB) may have put them after another writer's: then nothing is known.
        _heads.Stored(heads.Values, result.FirstPosition == first ? before : null, result.Head.Size);
        return result;
    }

    private Exception? TranslateFailure(Exception e) => e switch
    {
        StreamConflictException => e,
        // The domain's own exceptions, and the caller's cancellation, pass as they are.
        LedgerStoreException or EventRejectedException or WrongExpectedRevisionException or ArgumentException or OperationCanceledException => null,
        _ => Translate(e),
    };

    /// <summary>
    /// Another writer got past the head check first and the store refused the write: the first stream of the batch that
    /// is no longer where the append expected it, with its real revision read again (never a made-up one).
    /// </summary>
    private async Task<Exception> RevisionConflictAsync(IReadOnlyList<StreamAppend> appends, StreamConflictException conflict, CancellationToken cancellationToken)
    {
        var asked = new HashSet<IdentityId>();
        foreach (var append in appends)
        {
            // A stream's first append in the batch says what it expected of the stream as stored.
            if (!asked.Add(append.Stream) || (conflict.Stream is { } moved && moved != append.Stream)) continue;
            long actual = (await GetStreamHeadAsync(append.Stream, cancellationToken).ConfigureAwait(false))?.Seq ?? 0;
            if (actual != append.Expected.Revision) return new WrongExpectedRevisionException(append.Stream, append.Expected, actual, conflict);
        }
        return new LedgerStoreException($"{Description} refused the append as written by another writer, yet every stream is where it was expected: try again.", conflict);
    }

    /// <summary>A stream's head: the one remembered, brought up to date with what was stored after it (replayed whole the first time).</summary>
    private async Task<StreamHead?> HeadAsync(IdentityId stream, Func<IdentityId, long, CancellationToken, Task<IReadOnlyList<byte[]>>> storedAfter,
        CancellationToken cancellationToken)
    {
        var head = _heads.Find(stream);
        var since = await storedAfter(stream, head?.Seq ?? 0, cancellationToken).ConfigureAwait(false);
        foreach (var bytes in since)
        {
            if (!SignedEvent.TryParse(bytes, out var e, out var problem))
                throw new LedgerStoreException($"An event of stream {stream} in {Description} is damaged: {problem}. Run Test-LedgerIntegrity.");
            var step = ChainRules.Next(head, e);
            head = step.Head ?? throw new LedgerStoreException(
                $"The stream {stream} in {Description} does not verify at seq {e.Seq}: {step.Violation}. Run Test-LedgerIntegrity.");
        }
        if (since.Count > 0 && head is not null) _heads.Remember(head);
        return head;
    }
}
