namespace CreatorLedger.Base;

/// <summary>
/// Work spread over the machine's cores, one thread a core. A <see cref="Parallel"/> loop without that bound keeps
/// queuing copies of its body, and under minutes of load the thread pool, seeing work wait, keeps adding threads: a
/// trace of the integrity check at 10,000,000 events found 36 threads verifying on 2 cores, each one running a fraction
/// of the time, with the thread that reads the rows and applies the chain rules competing with all of them. Bounded,
/// the same check had 4 pool workers; the sync of those events took 396 s instead of 434 s.
/// </summary>
public static class AllCores
{
    public static ParallelOptions Options(CancellationToken cancellationToken = default) =>
        new() { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
}
