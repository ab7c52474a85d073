using CreatorLedger.Datasets.Screening;
using CreatorLedger.Licensing;

namespace CreatorLedger.Datasets;

/// <summary>
/// Checks a dataset against the ledger (DESIGN §10): whatever feeds it (a cmdlet, a service, a notebook) adds samples —
/// files and digests — and drains decisions. Samples are decided a chunk at a time: a chunk's files hash on all cores
/// (through the hash cache) while the chunk before it is decided and handed out, so memory stays flat and millions of
/// files stream through. A file that cannot be read, or changes while it is hashed, is Unreadable: never licensed.
/// With screening lists (DESIGN §11), each sample is screened first: one on a list is Prohibited, whatever the ledger
/// says; one that lacks a hash the lists need (its bytes were not there to hash) cannot be cleared, and is NotScreened.
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
    /// <param name="screening">The lists samples are screened against; their sources must have taken the hashes they need (<see cref="ScreeningLists.Needs"/>).</param>
    public DatasetCheck(ConsentView view, DatasetRequest request, Func<IHashCache?>? openCache = null, int chunkSize = DefaultChunkSize,
        ScreeningLists? screening = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        Screening = screening;
        View = view;
        Request = request;
        _openCache = openCache;
        _chunkSize = chunkSize;
    }

    /// <summary>The ledger the samples are decided on (as of a time, or at a checkpoint).</summary>
    public ConsentView View { get; }

    public DatasetRequest Request { get; }

    /// <summary>The lists samples are screened against, or null.</summary>
    public ScreeningLists? Screening { get; }

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

    /// <summary>
    /// One sample: screened first (rule 0), then, with a digest and no problem, decided on the ledger. A sample with a
    /// problem is still screened by what could be hashed of it: being on a list is said before being unreadable.
    /// </summary>
    internal DatasetDecision Decide(DatasetInput input, WorkId? work, SampleHashes? hashes, SampleProblem? kind, string? problem)
    {
        if (Screening is { } lists)
        {
            var screened = lists.Screen(hashes, work);
            if (screened.Match is { } match) return new DatasetDecision(input, null, match.ToString()) { Match = match, Digest = work, Kind = null };
            if (kind is null && screened.PictureProblem is { } picture)
                return new DatasetDecision(input, null, picture) { Kind = SampleProblem.NotScreened, Digest = work, Hashes = hashes };
            if (kind is null && screened.Unchecked != ScreeningNeeds.None)
                return new DatasetDecision(input, null,
                    $"the screening lists need its {screened.Unchecked.Describe()}, which only its bytes give, and they were not read (only its digest is known): it cannot be cleared")
                    { Kind = SampleProblem.NotScreened, Digest = work, Hashes = hashes };
        }
        if (kind is not null || work is null) return new DatasetDecision(input, null, problem) { Kind = kind ?? SampleProblem.Unreadable, Hashes = hashes };
        return new DatasetDecision(input, View.Decide(Request.For(work.Value)), null) { Hashes = hashes };
    }

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
                return WorkHasher.HashAll(paths, cache, new Counted(this), screening: Screening?.Needs ?? ScreeningNeeds.None);
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
