namespace CreatorLedger.Identity;

/// <summary>
/// The folder of a user's key files (<c>~/.creatorledger/keys</c>): one file per identity holding its current key,
/// named by the identity's did so that names can change without renaming files. Files are mode 0600, the folder 0700.
/// </summary>
public sealed class KeyRing(string directory)
{
    private const string Extension = ".key";

    public string Directory { get; } = directory;

    public static KeyRing Default => new(LedgerHome.KeysDirectory);

    public string PathOf(IdentityId identity) =>
        Path.Combine(Directory, identity.Value["did:key:".Length..] + Extension);

    /// <summary>Every readable key file; files that are not key files are skipped (and reported by <see cref="Load"/>).</summary>
    public IReadOnlyList<KeyFile> List()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        var files = new List<KeyFile>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension).Order(StringComparer.Ordinal))
        {
            try { files.Add(Load(path)); }
            catch (KeyFileException) { }
        }
        return files;
    }

    /// <summary>Finds a key file by local name (case-insensitive) or by identity did.</summary>
    public KeyFile? Find(string nameOrDid)
    {
        if (IdentityId.TryParse(nameOrDid, out var id))
        {
            var path = PathOf(id);
            return File.Exists(path) ? Load(path) : null;
        }
        return List().FirstOrDefault(k => string.Equals(k.Name, nameOrDid, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The one identity with a key file here, for a command not told which identity acts; null when there is none or
    /// there are several (<paramref name="all"/> says which, for the error that asks to choose).
    /// </summary>
    public KeyFile? Sole(out IReadOnlyList<KeyFile> all)
    {
        all = List();
        return all.Count == 1 ? all[0] : null;
    }

    public static KeyFile Load(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(KeyFileProblem.Unreadable, path, $"The key file '{path}' cannot be read: {e.Message}", e);
        }
        return KeyFile.Parse(bytes, path);
    }

    /// <summary>Whether an identity here already goes by <paramref name="name"/>: names are a person's handles, unique on a machine whatever their case.</summary>
    public bool HasName(string name) => List().Any(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Writes a new identity's key file; refuses to overwrite one.</summary>
    public string Add(KeyFile file)
    {
        var path = PathOf(file.Identity);
        if (File.Exists(path)) throw new IOException($"A key file for {file.Identity} already exists: {path}");
        WriteAtomically(path, file.ToBytes());
        return path;
    }

    /// <summary>Replaces an identity's key file with one holding its next key (after a rotation).</summary>
    public string Replace(KeyFile file)
    {
        var path = PathOf(file.Identity);
        WriteAtomically(path, file.ToBytes());
        return path;
    }

    private void WriteAtomically(string path, byte[] bytes)
    {
        if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(Directory);
        else System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
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
