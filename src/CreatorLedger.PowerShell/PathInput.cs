using System.Collections.ObjectModel;
using System.Management.Automation;
using CreatorLedger.Datasets;

namespace CreatorLedger.PowerShell;

/// <summary>
/// Resolves -Path (wildcards, PowerShell provider paths) and -LiteralPath to files; a folder stands for every file in it
/// (and beneath it when <c>recurse</c>). Missing paths are reported as PathNotFound and the rest continue.
/// </summary>
internal static class PathInput
{
    public static IEnumerable<string> Files(PSCmdlet cmdlet, string[]? paths, string[]? literalPaths, bool recurse = true)
    {
        foreach (var path in paths ?? [])
        {
            Collection<string>? resolved = null;
            try
            {
                resolved = cmdlet.GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException e)
            {
                cmdlet.WriteError(new ErrorRecord(e, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
            }
            foreach (var file in Expand(cmdlet, resolved ?? [], path, recurse)) yield return file;
        }
        foreach (var path in literalPaths ?? [])
            foreach (var file in Expand(cmdlet, [cmdlet.GetUnresolvedProviderPathFromPSPath(path)], path, recurse)) yield return file;
    }

    /// <summary>
    /// The files -Shard or -Parquet names: paths and wildcards, each a file or a folder of such files (those
    /// <paramref name="isMatch"/> takes; beneath it with <paramref name="recurse"/>), in ordinal order. A name that
    /// matches nothing is reported as PathNotFound.
    /// </summary>
    public static IEnumerable<string> Containers(PSCmdlet cmdlet, string[] given, bool recurse, Func<string, bool> isMatch)
    {
        foreach (var path in given)
        {
            Collection<string> resolved;
            try
            {
                resolved = cmdlet.GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException)
            {
                resolved = [];
            }
            if (resolved.Count == 0) NotFound(cmdlet, path);
            foreach (var found in resolved)
            {
                if (Directory.Exists(found))
                {
                    foreach (var file in Directory.EnumerateFiles(found, "*", recurse ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                                 .Where(isMatch).Order(StringComparer.Ordinal))
                        yield return file;
                }
                else yield return found;
            }
        }
    }

    /// <summary>A WebDataset shard: .tar, .tar.gz or .tgz.</summary>
    public static bool IsShard(string path) =>
        path.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    public static bool IsParquet(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    public static void NotFound(PSCmdlet cmdlet, string given) =>
        cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find path '{given}' because it does not exist."),
            ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, given));

    private static IEnumerable<string> Expand(PSCmdlet cmdlet, IEnumerable<string> resolved, string given, bool recurse)
    {
        foreach (var path in resolved)
        {
            if (DatasetInputs.Files(path, recurse) is { } files)
                foreach (var file in files) yield return file;
            else
                NotFound(cmdlet, given);
        }
    }
}
