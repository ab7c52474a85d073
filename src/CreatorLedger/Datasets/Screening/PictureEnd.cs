using System.Buffers.Binary;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;

namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// Whether a JPEG, PNG or WebP file reaches its own end. ImageSharp decodes a cut JPEG, PNG or WebP without a word,
/// greying or dropping what is missing, and a cut file hashes far from the whole one: a download cut short is then
/// screened as another picture. So a cut file is refused instead. Other formats are taken as they decode.
/// </summary>
internal static class PictureEnd
{
    public static bool IsCut(IImageFormat format, ReadOnlySpan<byte> bytes) => format switch
    {
        JpegFormat => !JpegReachesEnd(bytes),
        PngFormat => !PngReachesEnd(bytes),
        WebpFormat => !WebpReachesEnd(bytes),
        _ => false,
    };

    /// <summary>
    /// Walks the segments by their lengths (so a thumbnail inside an APP1 segment is skipped whole) and the
    /// entropy-coded data after each scan header (where 0xFF is followed by 0x00 or a restart marker) to EOI, 0xFFD9.
    /// </summary>
    private static bool JpegReachesEnd(ReadOnlySpan<byte> bytes)
    {
        int at = 2; // after SOI
        while (true)
        {
            if (at >= bytes.Length || bytes[at] != 0xFF) return false;
            while (at < bytes.Length && bytes[at] == 0xFF) at++; // fill bytes
            if (at >= bytes.Length) return false;
            byte marker = bytes[at++];
            if (marker == 0xD9) return true;
            if (marker == 0x01 || marker is >= 0xD0 and <= 0xD7) continue; // TEM, RSTn: no length
            if (at + 2 > bytes.Length) return false;
            at += BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]);
            if (at > bytes.Length) return false;
            if (marker == 0xDA && !SkipEntropyCoded(bytes, ref at)) return false;
        }
    }

    // Leaves `at` on the 0xFF of the marker that ends the scan's data; false when the bytes end first.
    private static bool SkipEntropyCoded(ReadOnlySpan<byte> bytes, ref int at)
    {
        while (true)
        {
            int ff = bytes[at..].IndexOf((byte)0xFF);
            if (ff < 0 || at + ff + 1 >= bytes.Length) return false;
            at += ff;
            byte next = bytes[at + 1];
            if (next == 0x00 || next is >= 0xD0 and <= 0xD7) at += 2; // a stuffed 0xFF, or a restart marker
            else if (next == 0xFF) at++; // a fill byte before a marker
            else return true;
        }
    }

    /// <summary>Walks the chunks by their lengths, from after the 8-byte signature, to IEND.</summary>
    private static bool PngReachesEnd(ReadOnlySpan<byte> bytes)
    {
        long at = 8;
        while (at + 12 <= bytes.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(bytes[(int)at..]);
            bool end = bytes.Slice((int)at + 4, 4).SequenceEqual("IEND"u8);
            at += 12L + length; // length, type, data, CRC
            if (end) return at <= bytes.Length;
        }
        return false;
    }

    /// <summary>A RIFF file states its length after the first 8 bytes.</summary>
    private static bool WebpReachesEnd(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 12 && bytes.Length >= 8L + BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
}
