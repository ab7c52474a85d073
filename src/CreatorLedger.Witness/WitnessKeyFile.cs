using System.Security.Cryptography;
using System.Text;
using CreatorLedger.Identity;

namespace CreatorLedger.Witness;

/// <summary>
/// The witness's key file: the base64 of its 32-byte Ed25519 seed and a newline. Readable by its owner only (mode 0600 on
/// Unix; a file group or others may read is refused). The seed is never printed or logged.
/// </summary>
public static class WitnessKeyFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                              UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static SigningKey Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
            throw new UnauthorizedAccessException($"Key file {path} may be read by others (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}); chmod 600 it.");
        var text = File.ReadAllText(path, Encoding.ASCII).Trim();
        var seed = new byte[32];
        try
        {
            if (!Convert.TryFromBase64String(text, seed, out var written) || written != 32)
                throw new InvalidDataException($"Key file {path} does not hold the base64 of a 32-byte Ed25519 seed.");
            return SigningKey.FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Writes a fresh seed to a new file (never over an existing one) with mode 0600, and returns the key.</summary>
    public static SigningKey Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var seed = RandomNumberGenerator.GetBytes(32);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
            using (var stream = new FileStream(path, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(seed) + "\n"));
                stream.Flush(flushToDisk: true);
            }
            return SigningKey.FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
