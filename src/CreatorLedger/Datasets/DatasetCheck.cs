using CreatorLedger.Licensing;

namespace CreatorLedger.Datasets;

/// <summary>
/// Checks a dataset against the ledger (DESIGN §10): whatever feeds it (a cmdlet, a service, a notebook) adds samples —
/// files and digests — and drains decisions. Samples are decided a chunk at a time: a chunk's files hash on all cores
/// (through the hash cache) while the chunk before it is decided and handed out, so memory stays flat and millions of
/// files stream through. A file that cannot be read, or changes while it is hashed, is Unreadable: never licensed.
/// </summary>
/// <example>
/// <code>
/// using var check = new DatasetCheck(ConsentView.AsOf(projection, now), new DatasetRequest(lab, Use.AiTrain));
/// await foreach (var decision in check.DecideAllAsync(files.Select(DatasetInput.File))) Console.WriteLine($"{decision.Path} {decision.Outcome}");
/// </code>
/// </example>
public sealed class DatasetCheck : IDisposable
{
    public const int DefaultChunkSize = 4096;
    private readonly Func<IHashCache?>? _openCache;
    private IHashCache? _cache;
    private bool _cacheOpened;
    private readonly int _chunkSize;
    private SegmentedList<DatasetInput> _pending = [];
    private DatasetChunk? _inFlight;
    // The last chunk started: chunks hash one after the other, so when it is done, all are.
    private Task _lastHashing = Task.CompletedTask;
    private long _queued, _hashed;

    /// <param name="openCache">Opens the hash cache when the first file is to be hashed (no file, no cache); the check disposes it.</param>
    public DatasetCheck(ConsentView view, DatasetRequest request, Func<IHashCache?>? openCache = null, int chunkSize = DefaultChunkSize)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        View = view;
        Request = request;
        _openCache = openCache;
        _chunkSize = chunkSize;
    }

    /// <summary>The ledger the samples are decided on (as of a time, or at a checkpoint).</summary>
    public ConsentView View { get; }

    public DatasetRequest Request { get; }

    /// <summary>Files added so far.</summary>
    public long FilesQueued => Interlocked.Read(ref _queued);

    /// <summary>Files hashed so far (from any thread: for progress).</summary>
    public long FilesHashed => Interlocked.Read(ref _hashed);

    /// <summary>
    /// Adds a sample. When it fills a chunk, that chunk starts hashing and the chunk before it is returned: wait for its
    /// <see cref="DatasetChunk.Ready"/> and take its decisions. Otherwise null.
    /// </summary>
    public DatasetChunk? Add(DatasetInput input)
    {
        _pending.Add(input);
        if (input.IsFile) Interlocked.Increment(ref _queued);
        return _pending.Count >= _chunkSize ? Rotate() : null;
    }

    /// <summary>The chunks still to drain, in order, once every sample is added (the one in flight, then the rest).</summary>
    public IReadOnlyList<DatasetChunk> Complete()
    {
        var rest = new List<DatasetChunk>(2);
        if (_pending.Count > 0 && Rotate() is { } previous) rest.Add(previous);
        if (_inFlight is not null) rest.Add(_inFlight);
        _inFlight = null;
        return rest;
    }

    /// <summary>Every sample decided, in order: the whole check for a host that needs no progress of its own.</summary>
    public async IAsyncEnumerable<DatasetDecision> DecideAllAsync(IEnumerable<DatasetInput> inputs)
    {
        foreach (var input in inputs)
        {
            if (Add(input) is not { } chunk) continue;
            await chunk.Ready.ConfigureAwait(false);
            foreach (var decision in chunk.Decide()) yield return decision;
        }
        foreach (var chunk in Complete())
        {
            await chunk.Ready.ConfigureAwait(false);
            foreach (var decision in chunk.Decide()) yield return decision;
        }
    }

    /// <summary>Lets hashing in flight finish, whatever became of the check, then closes the cache.</summary>
    public void Dispose()
    {
        try { _lastHashing.Wait(); }
        catch (AggregateException) { }
        _inFlight = null;
        _cache?.Dispose();
        _cache = null;
    }

    internal DatasetDecision Decide(DatasetInput input, WorkId work) => new(input, View.Decide(Request.For(work)), null);

    /// <summary>Starts hashing the pending samples after the chunk in flight (one hashing uses the cache at a time), then deciding them; returns that chunk.</summary>
    private DatasetChunk? Rotate()
    {
        var previous = _inFlight;
        var inputs = _pending;
        _pending = [];
        var paths = inputs.Where(i => i.IsFile).Select(i => i.Path!).ToArray();
        var after = _lastHashing;
        if (paths.Length > 0 && !_cacheOpened)
        {
            _cacheOpened = true;
            _cache = _openCache?.Invoke();
        }
        var cache = _cache;
        var hashing = paths.Length == 0
            ? after.ContinueWith(_ => Array.Empty<HashedFile>(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)
            : Task.Run(async () =>
            {
                try { await after.ConfigureAwait(false); }
                catch (Exception) { /* the chunk before reports its own failure */ }
                return WorkHasher.HashAll(paths, cache, new Counted(this));
            });
        _inFlight = new DatasetChunk(this, inputs, hashing);
        _lastHashing = hashing;
        return previous;
    }

    /// <summary>Counts hashed files into the check's total (the hasher reports each chunk from 1).</summary>
    private sealed class Counted(DatasetCheck check) : IProgress<long>
    {
        public void Report(long value) => Interlocked.Increment(ref check._hashed);
    }
}
