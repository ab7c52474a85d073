namespace CreatorLedger.Identity;

public enum KeyFileProblem
{
    /// <summary>The file is missing or cannot be read.</summary>
    Unreadable,
    /// <summary>The file is readable but is not a CreatorLedger key file.</summary>
    NotAKeyFile,
    /// <summary>The passphrase does not open the file (or the file was altered).</summary>
    WrongPassphrase,
}

/// <summary>A key file could not be opened; <see cref="Problem"/> says why. Never carries the passphrase.</summary>
public sealed class KeyFileException(KeyFileProblem problem, string path, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public KeyFileProblem Problem { get; } = problem;
    public string Path { get; } = path;
}
