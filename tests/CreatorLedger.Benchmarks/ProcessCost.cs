using System.Diagnostics;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// What a stretch of a run cost the whole process: processor time on all threads, time paused for the collector,
/// collections by generation and bytes allocated. Where a figure falls short of its baseline, this says whether the
/// time went to work on the cores, to the collector, or to waiting.
/// </summary>
internal sealed class ProcessCost
{
    private readonly TimeSpan _processor = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly TimeSpan _paused = GC.GetTotalPauseDuration();
    private readonly long _allocated = GC.GetTotalAllocatedBytes();
    private readonly int[] _collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    public static ProcessCost Start() => new();

    /// <summary>The cost since <see cref="Start"/>, for a note: "3.1 s of processor time, 0.4 s paused for 12 collections (…), 1.2 GB allocated".</summary>
    public string Since()
    {
        var processor = Process.GetCurrentProcess().TotalProcessorTime - _processor;
        var paused = GC.GetTotalPauseDuration() - _paused;
        var allocated = GC.GetTotalAllocatedBytes() - _allocated;
        var counts = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - _collections[g]).ToArray();
        return $"{processor.TotalSeconds:0.00} s of processor time, {paused.TotalSeconds:0.00} s paused for collections " +
            $"(gen0 {counts[0]}, gen1 {counts[1]}, gen2 {counts[2]}), {allocated / 1e9:0.00} GB allocated";
    }
}
