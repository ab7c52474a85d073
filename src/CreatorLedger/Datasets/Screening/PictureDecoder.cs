using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// Decodes a picture to the luma PDQ hashes with its memory bounded. The size a picture claims is read from its header
/// first, so a few bytes claiming 100,000 × 100,000 pixels are refused before anything is allocated; a picture within
/// <see cref="PdqHasher.MaxPixels"/> is decoded whole (the pre-shrink samples exact pixels, so a scaled decode would
/// change the hash), and a large one waits for any other large one to finish, so that all cores hashing at once hold
/// at most one large frame.
/// </summary>
internal static class PictureDecoder
{
    /// <summary>4096 × 4096: from here a frame is 48 MiB or more as 8-bit RGB, and decodes one at a time.</summary>
    private const long LargePixels = 4096L * 4096;

    private static readonly SemaphoreSlim LargeDecodes = new(1, 1);

    // Only the first frame is decoded (it is the one hashed): a GIF or TIFF of many frames costs one frame's memory.
    private static readonly Configuration Hashing = CreateConfiguration();

    /// <summary>Whether the bytes start like a picture ImageSharp decodes (by their first bytes only).</summary>
    public static bool StartsLikeAPicture(ReadOnlySpan<byte> bytes) => Image.DetectFormat(Hashing, bytes) is not null;

    /// <exception cref="InvalidDataException">Not a picture, one cut short or that does not decode, or one over the pixel limit.</exception>
    public static PdqLuma Decode(ReadOnlySpan<byte> picture)
    {
        if (picture.IsEmpty) throw Error.InvalidData_NoBytes();
        try
        {
            var (info, format) = Identify(picture);
            long pixels = (long)info.Width * info.Height;
            if (pixels > PdqHasher.MaxPixels) throw Error.InvalidData_PictureTooLarge(info.Width, info.Height, PdqHasher.MaxPixels);
            if (PictureEnd.IsCut(format, picture)) throw Error.InvalidData_PictureCut(format.Name);
            bool large = pixels > LargePixels;
            if (large) LargeDecodes.Wait();
            try
            {
                using var image = Image.Load<Rgb24>(Hashing, picture);
                return PdqLuma.From(image);
            }
            finally
            {
                if (large) LargeDecodes.Release();
            }
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidMemoryOperationException)
        {
            throw Error.InvalidData_NotAPicture(e);
        }
    }

    /// <inheritdoc cref="Decode(ReadOnlySpan{byte})"/>
    public static PdqLuma Decode(Stream picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        if (!picture.CanRead) throw Error.Argument_StreamNotReadable(nameof(picture));
        // Whole in memory: whether a file is cut is known only at its end. A file's length is known, so it is read
        // into an array of exactly its size (a growing copy would hold up to twice the file at the end).
        if (picture is MemoryStream memory && memory.TryGetBuffer(out var buffer))
            return Decode(buffer.AsSpan((int)memory.Position));
        long remaining = picture.CanSeek ? picture.Length - picture.Position : -1;
        if (remaining >= 0 && remaining <= Array.MaxLength)
        {
            var bytes = new byte[remaining];
            picture.ReadExactly(bytes);
            return Decode(bytes);
        }
        using var copy = new MemoryStream();
        picture.CopyTo(copy);
        return Decode(copy.GetBuffer().AsSpan(0, (int)copy.Length));
    }

    /// <summary>
    /// The size and format from the header. ImageSharp 2 reads a header only from a stream or an array, so the span's
    /// first 64 KiB are copied, which holds the header of nearly every picture; a longer header (a large colour profile or
    /// thumbnail before a JPEG's frame, a TIFF's directory at its end) is read from a copy of it all.
    /// </summary>
    private static (IImageInfo Info, IImageFormat Format) Identify(ReadOnlySpan<byte> picture)
    {
        const int Prefix = 64 * 1024;
        if (picture.Length > Prefix)
        {
            try
            {
                var info = Image.Identify(Hashing, new MemoryStream(picture[..Prefix].ToArray(), writable: false), out var format);
                if (info is { Width: > 0, Height: > 0 }) return (info, format);
            }
            catch (Exception e) when (e is ImageFormatException or NotSupportedException) { }
        }
        var whole = Image.Identify(Hashing, new MemoryStream(picture.ToArray(), writable: false), out var wholeFormat);
        return whole is null ? throw Error.InvalidData_NotAPicture() : (whole, wholeFormat);
    }

    private static Configuration CreateConfiguration()
    {
        var configuration = Configuration.Default.Clone();
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { MaxFrames = 1 });
        configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        return configuration;
    }
}
