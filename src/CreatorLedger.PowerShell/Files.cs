namespace CreatorLedger.PowerShell;

/// <summary>Files the cmdlets write.</summary>
internal static class Files
{
    /// <summary>Writes beside the target, flushes to disk and moves into place: a failed write never leaves half a file under the name.</summary>
    public static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = path + ".partial";
        try
        {
            using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                output.Write(bytes);
                output.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
