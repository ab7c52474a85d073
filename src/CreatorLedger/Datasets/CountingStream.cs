using System.Security.Cryptography;

namespace CreatorLedger.Datasets;

/// <summary>
/// A read-only, forward-only view of a stream that counts the bytes read through it and, when asked, hashes them:
/// a shard is read once, and its SHA-256 and its reader's position come with that one read.
/// </summary>
internal sealed class CountingStream(Stream inner, IncrementalHash? hash = null, Action<int>? onRead = null) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        if (read > 0)
        {
            hash?.AppendData(buffer[..read]);
            _position += read;
            onRead?.Invoke(read);
        }
        return read;
    }

    /// <summary>Reads to the end; returns how many bytes that was.</summary>
    public long Drain()
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        for (int read; (read = Read(buffer)) > 0;) total += read;
        return total;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
