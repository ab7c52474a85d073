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
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < Magic.Length + 4 + 32) return null;
            var body = bytes.AsSpan(0, bytes.Length - 32);
            if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32))) return null;
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length, writable: false), Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != Version) return null;
            return LicenseProjection.ReadFrom(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or FormatException
                                      or InvalidDataException or ArgumentException or JsonException)
        {
            return null;
        }
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
