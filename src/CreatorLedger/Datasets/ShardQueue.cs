namespace CreatorLedger.Datasets;

/// <summary>
/// Shards read on all cores, handed out in the order given: while the caller decides one shard's samples, the next
/// few are being read. Memory holds a few shards' samples (digests, not bytes), whatever the dataset's size. Where digests
/// come from metadata, each shard's <c>.parquet</c> (img2dataset writes one beside it) gives those its samples' <c>.json</c> lack.
/// </summary>
public sealed class ShardQueue(IEnumerable<string> shards, ShardOptions options, int? parallelism = null)
{
    private readonly int _ahead = Math.Max(1, parallelism ?? Environment.ProcessorCount);

    public ReadProgress Progress { get; } = new();

    /// <summary>Each shard's reading, in the order given; at most the parallelism are read ahead of the one the caller waits for.</summary>
    public IEnumerable<Task<ShardContents>> InOrder(CancellationToken cancellationToken = default)
    {
        var started = new Queue<Task<ShardContents>>();
        foreach (var shard in shards)
        {
            started.Enqueue(Task.Run(() => ShardReader.Read(shard, options, Sidecar(shard, cancellationToken), Progress, cancellationToken), cancellationToken));
            if (started.Count > _ahead) yield return started.Dequeue();
        }
        while (started.Count > 0) yield return started.Dequeue();
    }

    private ShardSidecar? Sidecar(string shard, CancellationToken cancellationToken) =>
        options.DigestFrom == DigestSource.Metadata ? ShardSidecar.Read(shard, options.DigestField, cancellationToken) : null;
}
