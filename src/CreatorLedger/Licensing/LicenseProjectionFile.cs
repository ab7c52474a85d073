using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;

namespace CreatorLedger.Licensing;

/// <summary>
/// A license projection saved beside its store, so that the next command replays only what was appended since.
/// Binary, versioned, ending in the SHA-256 of everything before it: a file that is truncated, damaged or from another
/// version is not read (the projection is rebuilt from the ledger instead), never half-trusted. Written to a temporary
/// file and renamed over the old one, so concurrent processes each leave a whole file.
/// </summary>
public static class LicenseProjectionFile
{
    private static ReadOnlySpan<byte> Magic => "CLPROJ\n"u8;
    // 4: WorkRegistered lists (DESIGN §4) are projected; a file saved by a reader that ignored them is rebuilt.
    private const int Version = 4;

    /// <summary>The saved projection beside a store file: <c>ledger.db</c> → <c>ledger.projection</c>.</summary>
    public static string BesideStore(string storePath) => StoreAddress.SqliteFile(storePath).ProjectionFile;

    /// <summary>The saved projection, or null when there is none or it cannot be trusted.</summary>
    public static LicenseProjection? TryRead(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            // Streamed, twice: the projection of a large ledger is more than an array can hold (5,000,000 works with
            // their grants are some gigabytes), and nothing is parsed before the whole file is known to be whole.
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
            long body = file.Length - 32;
            if (body < Magic.Length + 4 || !EndsWithItsHash(file, body)) return null;
            file.Position = 0;
            using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != Version) return null;
            var projection = LicenseProjection.ReadFrom(reader);
            return file.Position == body ? projection : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or FormatException
                                      or InvalidDataException or ArgumentException or JsonException)
        {
            return null;
        }
    }

    // Whether the SHA-256 of the file's first body bytes is the 32 bytes that follow them.
    private static bool EndsWithItsHash(FileStream file, long body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        for (long left = body; left > 0;)
        {
            int read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) return false;
            hash.AppendData(buffer, 0, read);
            left -= read;
        }
        Span<byte> kept = stackalloc byte[32];
        return file.ReadAtLeast(kept, 32, throwOnEndOfStream: false) == 32 && hash.GetHashAndReset().AsSpan().SequenceEqual(kept);
    }

    /// <summary>Saves <paramref name="projection"/>; false when it could not be written (a read-only folder: the next command replays instead).</summary>
    public static bool TryWrite(LicenseProjection projection, string path)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                using (var hashing = new HashingStream(file, hash))
                using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(Magic);
                    writer.Write(Version);
                    projection.WriteTo(writer);
                }
                file.Write(hash.GetHashAndReset());
            }
            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            return false;
        }
    }

    /// <summary>Passes writes through to a file while hashing them.</summary>
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }
    }
}
