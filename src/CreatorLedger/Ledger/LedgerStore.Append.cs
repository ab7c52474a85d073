using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

public abstract partial class LedgerStore
{
    /// <summary>Takes the store's write lock for one append (a transaction, or its equivalent).</summary>
    protected abstract Task<AppendTransaction> BeginAppendAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether an append's events can be written before its commit, inside the transaction (<see cref="AppendTransaction.WriteAsync"/>),
    /// while readers of the store go on: true where a transaction spans the writes and reads use other connections
    /// (SQLite, PostgreSQL). EventStoreDB writes stream by stream at the commit, and its reads wait for its write lock,
    /// so there the batches of <see cref="AppendAsOneAsync"/> are all taken before the lock is.
    /// </summary>
    protected virtual bool WritesAhead => false;

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
        return (await AppendAsOneAsync(new[] { appends }.ToAsyncEnumerable(), cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<AppendResult?> AppendAsOneAsync(IAsyncEnumerable<IReadOnlyList<StreamAppend>> batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        // Each stream's first append says what it expected of the stream as stored: what a conflict is explained by.
        var expected = new List<StreamAppend>();
        try
        {
            return await AppendCheckedAsync(batches, expected, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (TranslateFailure(e) is { } failure)
        {
            if (failure is not StreamConflictException conflict) throw failure;
            throw await RevisionConflictAsync(expected, conflict, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AppendResult?> AppendCheckedAsync(IAsyncEnumerable<IReadOnlyList<StreamAppend>> batches, List<StreamAppend> expected,
        CancellationToken cancellationToken)
    {
        var streams = new HashSet<IdentityId>();
        // Producing a batch may read the store (an import reads the heads of the streams it meets), which must not wait for this lock.
        if (!WritesAhead) batches = (await batches.ToListAsync(cancellationToken).ConfigureAwait(false)).ToAsyncEnumerable();
        OpenAppend? open = null;
        try
        {
            await foreach (var appends in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var events = appends.SelectMany(a => a.Events).ToArray();
                if (events.Length == 0) continue;
                // Signatures and lists of works need no store state: for the first batch they are checked before the write
                // lock is taken (an import's were checked on all cores before they came, and are only looked up).
                AppendRules.VerifySignatures(events);
                AppendRules.ReadLists(events);
                cancellationToken.ThrowIfCancellationRequested();
                expected.AddRange(appends.Where(a => streams.Add(a.Stream)));
                open ??= await OpenAppend.BeginAsync(this, await BeginAppendAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                await open.AddAsync(appends, events.Length, cancellationToken).ConfigureAwait(false);
            }
            return open is null ? null : await open.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (open is not null) await open.DisposeAsync().ConfigureAwait(false);
        }
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
    private async Task<Exception> RevisionConflictAsync(IReadOnlyList<StreamAppend> firsts, StreamConflictException conflict, CancellationToken cancellationToken)
    {
        foreach (var append in firsts)
        {
            if (conflict.Stream is { } moved && moved != append.Stream) continue;
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
