namespace CreatorLedger.Tests;

/// <summary>Paths of files copied beside the test assembly, and throwaway folders that clean up after themselves.</summary>
internal static class TestFiles
{
    public static string Vector(string name) => Path.Combine(AppContext.BaseDirectory, "Vectors", name);

    public static string[] VectorLines(string name) =>
        File.ReadAllLines(Vector(name)).Where(l => l.Length > 0).ToArray();
}

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "creatorledger-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
