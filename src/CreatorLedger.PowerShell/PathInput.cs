using System.Collections.ObjectModel;
using System.Management.Automation;

namespace CreatorLedger.PowerShell;

/// <summary>Resolves -Path (wildcards) and -LiteralPath to files; a folder stands for every file beneath it.</summary>
internal static class PathInput
{
    public static IEnumerable<string> Files(PSCmdlet cmdlet, string[]? paths, string[]? literalPaths)
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
            foreach (var file in Expand(cmdlet, resolved ?? [], path)) yield return file;
        }
        foreach (var path in literalPaths ?? [])
            foreach (var file in Expand(cmdlet, [cmdlet.GetUnresolvedProviderPathFromPSPath(path)], path)) yield return file;
    }

    private static IEnumerable<string> Expand(PSCmdlet cmdlet, IEnumerable<string> resolved, string given)
    {
        foreach (var path in resolved)
        {
            if (File.Exists(path)) yield return path;
            else if (Directory.Exists(path))
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    yield return file;
            else
                cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find path '{given}' because it does not exist."),
                    ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, given));
        }
    }
}
