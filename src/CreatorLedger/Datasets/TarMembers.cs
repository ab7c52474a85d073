using System.Buffers;
using System.Text;

namespace CreatorLedger.Datasets;

/// <summary>
/// The members of a tar archive read in one pass from a stream, as POSIX.1-2001 (ustar and pax) lays them out, with GNU
/// long names: a 512-byte header per member (its checksum checked), the member's bytes padded to 512, and two zero
/// blocks at the end. Only what a WebDataset shard needs is kept: each member's path, size and whether it is a file.
/// A header is parsed in place in a large read buffer, and bytes nobody asks for are skipped in it, never copied: the
/// BCL's TarReader builds a full entry per member, which made it most of a shard's reading time.
/// </summary>
internal sealed class TarMembers(Stream stream) : IDisposable
{
    private const int Block = 512;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
    private int _start, _end;
    private bool _eof;
    private long _remaining, _padding;

    /// <summary>How the archive ended: with its two zero blocks, or where a header should have begun (a truncated shard).</summary>
    public bool EndBlocksMissing { get; private set; }

    /// <summary>The current member's path.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The current member's size in bytes.</summary>
    public long Length { get; private set; }

    /// <summary>Whether the current member is a regular file (other members — folders, links — are passed over).</summary>
    public bool IsFile { get; private set; }

    /// <summary>
    /// The next member; false at the end of the archive. Throws <see cref="InvalidDataException"/> for a damaged header
    /// and <see cref="EndOfStreamException"/> for an archive cut inside a header or a member.
    /// </summary>
    public bool Next()
    {
        Skip(_remaining + _padding);
        _remaining = _padding = 0;
        string? longName = null, paxPath = null;
        long? paxSize = null;
        while (true)
        {
            if (!Fill(Block))
            {
                if (_end - _start == 0) { EndBlocksMissing = true; return false; }
                throw new EndOfStreamException("The archive ends inside a header.");
            }
            var header = _buffer.AsSpan(_start, Block);
            if (!header.ContainsAnyExcept((byte)0))
            {
                _start += Block;
                // The first zero block ends the archive; POSIX adds a second.
                EndBlocksMissing = !Fill(Block) || _buffer.AsSpan(_start, Block).ContainsAnyExcept((byte)0);
                return false;
            }
            Check(header);
            long size = Number(header.Slice(124, 12));
            byte type = header[156];
            bool ustar = header.Slice(257, 5).SequenceEqual("ustar"u8);
            string name = Text(header[..100]);
            if (ustar && header[345] != 0) name = Text(header.Slice(345, 155)) + "/" + name;
            _start += Block;
            switch (type)
            {
                case (byte)'x':
                    (paxPath, paxSize) = Pax(ReadSmall(size, "pax extended header"), paxPath, paxSize);
                    continue;
                case (byte)'g':
                    Skip(Padded(size));
                    continue;
                case (byte)'L':
                    longName = Text(ReadSmall(size, "GNU long name"));
                    continue;
                case (byte)'K':
                    Skip(Padded(size));
                    continue;
            }
            Name = paxPath ?? longName ?? name;
            Length = paxSize ?? size;
            // Hard and symbolic links, folders and devices carry no bytes of their own (a header's size is 0 for them).
            IsFile = type is 0 or (byte)'0' or (byte)'7';
            if (!IsFile && type is (byte)'1' or (byte)'2' or (byte)'3' or (byte)'4' or (byte)'5' or (byte)'6') Length = 0;
            _remaining = Length;
            _padding = Padded(Length) - Length;
            return true;
        }
    }

    /// <summary>Reads the current member's next bytes into <paramref name="destination"/>; 0 at its end.</summary>
    public int Read(Span<byte> destination)
    {
        if (_remaining == 0 || destination.IsEmpty) return 0;
        if (_start == _end && !Fill(1)) throw new EndOfStreamException($"The archive ends inside member '{Name}'.");
        int n = (int)Math.Min(Math.Min(destination.Length, _end - _start), _remaining);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        _remaining -= n;
        return n;
    }

    /// <summary>Hands the current member's bytes to <paramref name="consume"/> as they are in the buffer (no copy).</summary>
    public void ReadAll(Action<ReadOnlySpan<byte>> consume)
    {
        while (_remaining > 0)
        {
            if (_start == _end && !Fill(1)) throw new EndOfStreamException($"The archive ends inside member '{Name}'.");
            int n = (int)Math.Min(_end - _start, _remaining);
            consume(_buffer.AsSpan(_start, n));
            _start += n;
            _remaining -= n;
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    private static long Padded(long size) => (size + Block - 1) / Block * Block;

    // A header's checksum: the sum of its bytes with the checksum field as spaces (unsigned; some old tars summed signed bytes).
    private static void Check(ReadOnlySpan<byte> header)
    {
        long unsigned = 0, signed = 0;
        for (int i = 0; i < Block; i++)
        {
            int b = i is >= 148 and < 156 ? ' ' : header[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        long stated = Number(header.Slice(148, 8));
        if (stated != unsigned && stated != signed) throw new InvalidDataException("A tar header's checksum does not match its bytes: the archive is damaged, or this is no tar.");
    }

    // An octal number, space or NUL padded; or GNU's base-256, marked by the first byte's high bit.
    private static long Number(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            long value = field[0] & 0x7f;
            for (int i = 1; i < field.Length; i++) value = checked((value << 8) | field[i]);
            return value;
        }
        long octal = 0;
        int at = 0;
        while (at < field.Length && field[at] == ' ') at++;
        for (; at < field.Length && field[at] is >= (byte)'0' and <= (byte)'7'; at++) octal = checked(octal * 8 + (field[at] - '0'));
        for (; at < field.Length; at++)
            if (field[at] is not (0 or (byte)' ')) throw new InvalidDataException("A tar header's number is not octal: the archive is damaged, or this is no tar.");
        return octal;
    }

    private static string Text(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    // The records of a pax extended header, "<length> <key>=<value>\n": path and size replace the next header's.
    private static (string? Path, long? Size) Pax(ReadOnlySpan<byte> records, string? path, long? size)
    {
        while (!records.IsEmpty)
        {
            int space = records.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(Encoding.ASCII.GetString(records[..space]), out int length) || length <= space + 1 || length > records.Length || records[length - 1] != '\n')
                throw new InvalidDataException("A pax extended header is malformed: the archive is damaged.");
            var record = records[(space + 1)..(length - 1)];
            int equals = record.IndexOf((byte)'=');
            if (equals > 0)
            {
                var key = record[..equals];
                var value = record[(equals + 1)..];
                if (key.SequenceEqual("path"u8)) path = Encoding.UTF8.GetString(value);
                else if (key.SequenceEqual("size"u8))
                    size = long.TryParse(Encoding.ASCII.GetString(value), out var s) && s >= 0 ? s : throw new InvalidDataException("A pax size is not a number.");
            }
            records = records[length..];
        }
        return (path, size);
    }

    // A small member read whole (an extended header or a long name), with its padding.
    private ReadOnlySpan<byte> ReadSmall(long size, string what)
    {
        if (size > 1 << 19) throw new InvalidDataException($"A {what} of {size} bytes is more than one can be.");
        long padded = Padded(size);
        if (!Fill((int)padded)) throw new EndOfStreamException($"The archive ends inside a {what}.");
        var data = _buffer.AsSpan(_start, (int)size);
        _start += (int)padded;
        return data;
    }

    private void Skip(long count)
    {
        while (count > 0)
        {
            if (_start == _end && !Fill(1)) throw new EndOfStreamException($"The archive ends inside member '{Name}'.");
            int n = (int)Math.Min(_end - _start, count);
            _start += n;
            count -= n;
        }
    }

    // At least count bytes in the buffer from _start; false when the stream ends first.
    private bool Fill(int count)
    {
        if (_end - _start >= count) return true;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        while (!_eof && _end < count)
        {
            int read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _eof = true;
            _end += read;
        }
        return _end - _start >= count;
    }
}
