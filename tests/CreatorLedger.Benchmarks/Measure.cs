using System.Diagnostics;

namespace CreatorLedger.Benchmarks;

internal static class Measure
{
    /// <summary>Seconds taken by <paramref name="action"/>, after a full collection so that earlier garbage is not billed to it.</summary>
    public static double Seconds(Action action)
    {
        Settle();
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    public static async Task<double> SecondsAsync(Func<Task> action)
    {
        Settle();
        var watch = Stopwatch.StartNew();
        await action().ConfigureAwait(false);
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Items per second of a baseline, measured before and after the product run and averaged, so that a machine
    /// which speeds up or slows down during the run (turbo, a noisy neighbour) does not favour either side.
    /// </summary>
    public static double MeanRate(long items, params double[] seconds) => seconds.Average(s => items / s);

    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }
}
