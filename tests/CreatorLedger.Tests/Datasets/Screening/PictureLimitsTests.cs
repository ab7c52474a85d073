using System.Buffers.Binary;
using System.Text;
using CreatorLedger.Datasets.Screening;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace CreatorLedger.Tests.Datasets.Screening;

/// <summary>What the hasher refuses before decoding (a size over the limit), and what it hashes only if it is a picture.</summary>
public sealed class PictureLimitsTests
{
    [Theory]
    [InlineData(100_000, 100_000)]
    [InlineData(10_001, 10_000)]
    public void Hash_PngClaimingMoreThanMaxPixels_IsRefusedFromItsHeader_NamingSizeAndLimit(int width, int height)
    {
        // A few dozen bytes claiming gigabytes: refused from the header alone, with the size it claims and the limit.
        var png = PngClaiming(width, height);

        var e = Assert.Throws<InvalidDataException>(() => PdqHasher.Hash(png));
        Assert.Contains($"{width:N0} × {height:N0}", e.Message);
        Assert.Contains($"{PdqHasher.MaxPixels:N0}", e.Message);
        Assert.Throws<InvalidDataException>(() => PdqHasher.Hash(new MemoryStream(png)));
        Assert.Throws<InvalidDataException>(() => PdqHasher.HashIfPicture(png));
    }

    [Fact]
    public void MaxPixels_LetsA10000x10000PictureThrough() => Assert.True(10_000L * 10_000 <= PdqHasher.MaxPixels);

    [Fact]
    public void Hash_LargePicturesOnTwoThreadsAtOnce_AreBothHashed()
    {
        // Over 16 megapixels, so the two decodes take turns; each must still come back with its own hash.
        var pictures = new[] { Png(4200, 4100, 0), Png(4100, 4200, 1) };
        var alone = pictures.Select(p => PdqHasher.Hash(p)).ToArray();

        var together = new PdqResult[2];
        Parallel.For(0, 2, i => together[i] = PdqHasher.Hash(pictures[i]));

        Assert.Equal(alone, together);
        Assert.NotEqual(alone[0].Hash, alone[1].Hash);
    }

    [Fact]
    public void HashIfPicture_TextOrNoBytes_IsNull()
    {
        Assert.Null(PdqHasher.HashIfPicture("name,licence\nsample-1,cc-by\n"u8));
        Assert.Null(PdqHasher.HashIfPicture(ReadOnlySpan<byte>.Empty));
    }

    [Theory]
    [InlineData("c-base.jpg", 200)]
    [InlineData("c-base.jpg", 27_000)]
    [InlineData("c-base.jpg", -1)]
    [InlineData("b-base.png", 30_000)]
    [InlineData("b-lossy.webp", 16_000)]
    public void HashIfPicture_FileCutShort_IsAnInvalidDataException(string file, int length)
    {
        // ImageSharp decodes the cut file without complaint, greying what is missing: a cut file would hash as another picture.
        var bytes = PdqVectors.Bytes(file);
        var cut = bytes.AsSpan(0, length > 0 ? length : bytes.Length + length).ToArray();

        var e = Assert.Throws<InvalidDataException>(() => PdqHasher.HashIfPicture(cut));
        Assert.Contains("not a picture", e.Message);
        Assert.Throws<InvalidDataException>(() => PdqHasher.Hash(new MemoryStream(cut)));
    }

    [Fact]
    public void Hash_JpegWithBytesAfterItsEnd_IsHashedAsTheJpeg()
    {
        // Some cameras and editors append data after the end marker; the picture is whole.
        var jpeg = PdqVectors.Bytes("c-base.jpg");

        Assert.Equal(PdqHasher.Hash(jpeg), PdqHasher.Hash([.. jpeg, .. "trailer"u8]));
    }

    [Fact]
    public void HashIfPicture_Jpeg_IsWhatHashGives()
    {
        var jpeg = PdqVectors.Bytes("c-base.jpg");

        Assert.Equal(PdqHasher.Hash(jpeg), PdqHasher.HashIfPicture(jpeg));
    }

    [Fact]
    public void Hash_JpegWhoseHeaderRunsPast64KiB_IsHashedAsWithoutIt()
    {
        // Two 60,000-byte comments before the frame header: its size is past the first 64 KiB read for it.
        var jpeg = PdqVectors.Bytes("c-base.jpg");
        var comment = new byte[60_000];
        comment[0] = 0xFF;
        comment[1] = 0xFE;
        BinaryPrimitives.WriteUInt16BigEndian(comment.AsSpan(2), 60_000 - 2);
        byte[] padded = [.. jpeg[..2], .. comment, .. comment, .. jpeg[2..]];

        Assert.Equal(PdqHasher.Hash(jpeg), PdqHasher.Hash(padded));
    }

    // A PNG whose header claims width × height 8-bit RGB pixels, with one empty compressed block for its data.
    private static byte[] PngClaiming(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        png.Write(word);
    }

    // PNG's CRC-32 (ISO 3309, reflected, polynomial 0xEDB88320) over the chunk type and data.
    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    private static byte[] Png(int width, int height, int seed)
    {
        using var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                    row[x] = new Rgb24((byte)((x >> 4) * (seed + 1)), (byte)(y >> 4), (byte)((x ^ y) >> (5 + seed)));
            }
        });
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
