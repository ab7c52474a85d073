using System.Collections.Concurrent;
using CreatorLedger.Licensing;

namespace CreatorLedger.Datasets;

/// <summary>
/// The consent index (DESIGN §10): every work registered in a view — each digest once, in ordinal order of its hex —
/// decided for one request by the same rule as every other decision (<see cref="ConsentView.Decide"/>), so that a
/// dataset too big for one machine is checked by a join in an engine that already runs there (DuckDB, Spark). A sample
/// whose digest has no row is NotRegistered. Rows are made a batch at a time on every core and handed to a writer
/// (<see cref="ConsentIndexParquet"/>, <see cref="ConsentIndexCsv"/>) while the next batch is decided: memory holds the
/// works' digests (32 bytes each) and two batches, not the index.
/// </summary>
/// <example>
/// <code>
/// var index = new ConsentIndex(ConsentView.AsOf(projection, now), new DatasetRequest(lab, Use.AiTrain));
/// await using var file = File.Create("consent.parquet");
/// var summary = await index.WriteAsync(file, ConsentIndexFormat.Parquet);
/// </code>
/// </example>
public sealed class ConsentIndex
{
    /// <summary>Rows decided together and written as one Parquet row group.</summary>
    public const int DefaultBatchSize = 100_000;

    private static readonly string[] Reasons = Enum.GetNames<ConsentReason>();
    private readonly Hash256[] _works;
    private readonly Screening.ScreeningLists? _screening;
    // Most works share a few grants: each id is written out once.
    private readonly ConcurrentDictionary<EventId, string> _grantText = new();

    /// <param name="screening">
    /// Lists whose SHA-256 hashes make a work Prohibited in the index (rule 0). An index holds digests, not bytes: the
    /// MD5, SHA-1 and PDQ hashes of a list can only screen samples (<see cref="DatasetCheck"/>).
    /// </param>
    public ConsentIndex(ConsentView view, DatasetRequest request, Screening.ScreeningLists? screening = null)
    {
        _screening = screening;
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(request);
        View = view;
        Request = request;
        _works = view.Licenses.HeldWorks();
        CheckpointText = view.Checkpoint.ToString();
        EvaluatedAtText = view.EvaluatedAt.ToString();
    }

    /// <summary>The ledger the works are decided on (as of a time, or at a checkpoint).</summary>
    public ConsentView View { get; }

    public DatasetRequest Request { get; }

    /// <summary>How many rows the index has: the works registered in the view.</summary>
    public int Count => _works.Length;

    /// <summary><see cref="View"/>'s checkpoint as written in every row (<c>size:root</c>).</summary>
    public string CheckpointText { get; }

    /// <summary>The time windows were evaluated at, as written in every row (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>).</summary>
    public string EvaluatedAtText { get; }

    /// <summary>Every row, in order (a host that writes its own format; the writers take them a batch at a time).</summary>
    public IEnumerable<ConsentIndexRow> Rows
    {
        get
        {
            foreach (var batch in Batches(DefaultBatchSize, CancellationToken.None))
                for (int i = 0; i < batch.Count; i++) yield return batch.Row(i);
        }
    }

    /// <summary>Writes the index in <paramref name="format"/>; <paramref name="progress"/> hears the rows written so far.</summary>
    public Task<ConsentIndexSummary> WriteAsync(Stream output, ConsentIndexFormat format, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        return format switch
        {
            ConsentIndexFormat.Parquet => ConsentIndexParquet.WriteAsync(this, output, progress, cancellationToken),
            ConsentIndexFormat.Csv => ConsentIndexCsv.WriteAsync(this, output, progress, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a consent index format."),
        };
    }

    /// <summary>
    /// The rows, <paramref name="size"/> at a time, decided on every core; while the caller writes one batch, the next is
    /// being decided. Each batch is one of two, valid until the next is asked for.
    /// </summary>
    internal IEnumerable<ConsentIndexBatch> Batches(int size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        size = Math.Min(size, Math.Max(1, _works.Length));
        ConsentIndexBatch[] batches = [new(size), new(size)];
        var next = _works.Length > 0 ? DecideAsync(0, batches[0], cancellationToken) : null;
        try
        {
            for (int start = 0, turn = 0; next is not null; start += size, turn ^= 1)
            {
                next.GetAwaiter().GetResult();
                next = start + size < _works.Length ? DecideAsync(start + size, batches[turn ^ 1], cancellationToken) : null;
                yield return batches[turn];
            }
        }
        finally
        {
            // A caller that stops early (an error, Ctrl+C) leaves no deciding behind it.
            try { next?.Wait(CancellationToken.None); }
            catch (AggregateException) { }
        }
    }

    private Task DecideAsync(int start, ConsentIndexBatch batch, CancellationToken cancellationToken)
    {
        int count = batch.Count = Math.Min(batch.Works.Length, _works.Length - start);
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        return Task.Run(() => Parallel.For(0, count, options, i => Decide(batch, i, _works[start + i])), cancellationToken);
    }

    private void Decide(ConsentIndexBatch batch, int row, Hash256 work)
    {
        if (_screening?.Screen(null, work.ToWorkId()).Match is { } match)
        {
            batch.Set(row, work, DatasetDecision.Prohibited, match.Reason, null, null);
            return;
        }
        var decision = View.Decide(Request.For(work.ToWorkId()));
        batch.Set(row, work, decision.Decision, Reasons[(int)decision.Reason], decision.Owner?.Value, GrantText(decision.GrantIds));
    }

    private string? GrantText(IReadOnlyList<EventId> grants) => grants.Count switch
    {
        0 => null,
        1 => _grantText.GetOrAdd(grants[0], id => id.Hex),
        _ => string.Join(' ', grants.Select(g => g.Hex)),
    };
}
