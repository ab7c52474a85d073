using System.Runtime.InteropServices;

namespace CreatorLedger.Benchmarks;

internal static partial class FileSystem
{
    /// <summary>Writes every dirty page to disk (sync(2)); on Windows there is no cheap equivalent and nothing is done.</summary>
    public static void Sync()
    {
        if (!OperatingSystem.IsWindows()) sync();
    }

    [DllImport("libc", EntryPoint = "sync")]
    private static extern void sync();
}
