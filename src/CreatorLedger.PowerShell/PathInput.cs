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
