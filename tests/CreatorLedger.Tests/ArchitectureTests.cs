using System.Reflection;
using Xunit;

namespace CreatorLedger.Tests;

/// <summary>The core knows nothing of PowerShell or of any database (STYLE practice 1).</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Core_ReferencesNoPowerShellAndNoDatabase()
    {
        var core = typeof(CreatorLedger.Ledger.IEventStore).Assembly;
        var forbidden = new[] { "System.Management.Automation", "Microsoft.Data.Sqlite", "Npgsql", "SQLitePCLRaw" };
        var references = core.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.DoesNotContain(references, r => forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal)));
        Assert.Contains("NSec.Cryptography", references);
    }

    [Fact]
    public void ModuleManifest_VersionMatchesTheBuildVersion()
    {
        var root = FindRepoRoot();
        var manifest = File.ReadAllText(Path.Combine(root, "CreatorLedger.psd1"));
        var version = typeof(CreatorLedger.Ledger.IEventStore).Assembly.GetName().Version!;
        Assert.Contains($"ModuleVersion        = '{version.Major}.{version.Minor}.{version.Build}'", manifest);
    }

    internal static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CreatorLedger.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new DirectoryNotFoundException("The repository root (CreatorLedger.sln) was not found above the test output.");
    }
}
