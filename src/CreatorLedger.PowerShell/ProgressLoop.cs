using System.Management.Automation;

namespace CreatorLedger.PowerShell;

/// <summary>
/// Long core work runs off the pipeline thread while the pipeline thread (the only one allowed to write) shows its
/// progress four times a second: the one progress loop of the module.
/// </summary>
internal static class ProgressLoop
{
    /// <summary>Waits for <paramref name="task"/>; <paramref name="status"/> says how far it is (status text and percent), read from the pipeline thread.</summary>
    public static T Wait<T>(Cmdlet cmdlet, Task<T> task, ProgressRecord record, Func<(string Status, int Percent)> status)
    {
        bool shown = false;
        // Waiting on the handle, not Task.Wait: a failure surfaces below as its own exception, not an AggregateException.
        while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(250))
        {
            var (text, percent) = status();
            record.StatusDescription = text;
            record.PercentComplete = percent < 0 ? -1 : Math.Min(percent, 100);
            cmdlet.WriteProgress(record);
            shown = true;
        }
        if (shown)
        {
            record.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(record);
        }
        return task.GetAwaiter().GetResult();
    }

    public static void Wait(Cmdlet cmdlet, Task task, ProgressRecord record, Func<(string Status, int Percent)> status) =>
        Wait(cmdlet, task.ContinueWith(t => { t.GetAwaiter().GetResult(); return 0; }, TaskScheduler.Default), record, status);

    /// <summary>Runs <paramref name="work"/> off the pipeline thread; it reports how many of <paramref name="total"/> items are done.</summary>
    public static T Run<T>(Cmdlet cmdlet, Func<Counter, Task<T>> work, string activity, string status, long total)
    {
        var counter = new Counter();
        return Wait(cmdlet, Task.Run(() => work(counter)), new ProgressRecord(2, activity, status),
            () => ($"{status}: {counter.Done} of {total}", (int)(counter.Done * 100 / Math.Max(1, total))));
    }

    /// <summary>Progress reported from any thread, read by the pipeline thread.</summary>
    internal sealed class Counter : IProgress<int>, IProgress<long>
    {
        private long _done;

        public long Done => Interlocked.Read(ref _done);

        public void Report(int value) => Interlocked.Exchange(ref _done, value);

        public void Report(long value) => Interlocked.Exchange(ref _done, value);
    }
}
