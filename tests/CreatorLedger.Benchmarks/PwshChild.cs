using System.Diagnostics;
using System.Text.Json;

namespace CreatorLedger.Benchmarks;

/// <summary>A benchmark script run in a child pwsh with the built module, on a ledger of its own, which prints its result as one JSON line.</summary>
internal static class PwshChild
{
    /// <summary>The clone this benchmark was built from: the folder above it holding the module manifest and the tool manifest.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CreatorLedger.psd1")) && File.Exists(Path.Combine(dir.FullName, ".config", "dotnet-tools.json")))
                return dir.FullName;
        return null;
    }

    /// <summary>Runs tests/CreatorLedger.Benchmarks/<paramref name="script"/> with -Module and <paramref name="arguments"/>; returns its last JSON line read as <typeparamref name="T"/>.</summary>
    public static T Run<T>(string root, string home, string store, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", Path.Combine(root, "tests", "CreatorLedger.Benchmarks", script),
                     "-Module", Path.Combine(root, "CreatorLedger.psd1") }.Concat(arguments))
            start.ArgumentList.Add(a);
        start.Environment["CREATORLEDGER_HOME"] = home;
        start.Environment["CREATORLEDGER_STORE"] = store;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet pwsh could not be started.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"The benchmark script {script} failed ({process.ExitCode}): {stderr.Result}{stdout}");
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.TrimStart().StartsWith('{'));
        return JsonSerializer.Deserialize<T>(line, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidOperationException($"The benchmark script {script} printed no result: {stdout}");
    }
}
