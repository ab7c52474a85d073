using System.Management.Automation;
using CreatorLedger.Datasets.Screening;

namespace CreatorLedger.PowerShell;

/// <summary>
/// The hash lists of -Blocklist loaded before anything else is read: a path that matches nothing or a list that cannot
/// be used (its first bad line named, never quoted) ends the command; each list loaded is described in the verbose
/// stream (name, version, entries per kind, index bytes per entry) and never copied anywhere.
/// </summary>
internal static class ScreeningListsInput
{
    public static ScreeningLists? Load(LedgerCmdlet cmdlet, string[]? paths)
    {
        if (paths is not { Length: > 0 }) return null;
        var lists = new List<Blocklist>();
        foreach (var given in paths)
        {
            var resolved = Resolve(cmdlet, given);
            foreach (var path in resolved)
            {
                try
                {
                    var list = Blocklist.Load(path);
                    lists.Add(list);
                    cmdlet.WriteVerbose(Describe(list));
                }
                catch (BlocklistException e)
                {
                    cmdlet.ThrowTerminatingError(new ErrorRecord(e, ErrorIds.BlocklistInvalid, ErrorCategory.InvalidData, path));
                }
            }
        }
        return new ScreeningLists(lists);
    }

    private static IEnumerable<string> Resolve(LedgerCmdlet cmdlet, string given)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(given))
        {
            var path = cmdlet.GetUnresolvedProviderPathFromPSPath(given);
            if (!File.Exists(path))
                cmdlet.ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"There is no hash list at '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
            return [path];
        }
        var found = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(given, out _).Where(File.Exists).ToList();
        if (found.Count == 0)
            cmdlet.ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"No hash list matches '{given}'.", given), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, given));
        return found;
    }

    private static string Describe(Blocklist list)
    {
        var kinds = new List<string>();
        long bytes = 0, indexed = 0;
        foreach (var index in new[] { list.Md5, list.Sha1, list.Sha256Hashes })
            if (index is not null)
            {
                kinds.Add($"{index.Count:N0} {index.Kind.Name()}");
                bytes += index.Count * index.BytesPerEntry;
                indexed += index.Count;
            }
        if (list.Pdq is { } pdq)
        {
            kinds.Add($"{pdq.Count:N0} pdq");
            bytes += pdq.Count * PdqIndex.BytesPerEntry;
            indexed += pdq.Count;
        }
        if (list.UntrustedPdq > 0) kinds.Add($"{list.UntrustedPdq:N0} pdq of quality under {PdqMatch.MinQuality}, never matched");
        return $"Screening with the list '{list.Name}'" + (list.Version is null ? "" : $" version {list.Version}") + (list.Issuer is null ? "" : $" from {list.Issuer}")
            + $" ({list.Entries:N0} entries: {string.Join(", ", kinds)}; {(indexed == 0 ? 0 : bytes / indexed)} bytes per entry in memory).";
    }
}
