using System.Diagnostics;
using CreatorLedger.Datasets.Screening;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;
using Xunit.Abstractions;

namespace CreatorLedger.Tests.Datasets.Screening;

/// <summary>The hasher on pictures made here: edges of the algorithm, bad input, and its speed.</summary>
public sealed class PdqHasherTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(4, 4)]
    [InlineData(4, 300)]
    [InlineData(300, 4)]
    public void Hash_PictureWithASideUnder5Pixels_IsAllZerosWithQuality0(int width, int height)
    {
        var png = Png(width, height, (x, y) => new Rgb24((byte)(x * 40), (byte)(y * 7), 200));

        var plain = PdqHasher.Hash(png);
        var dihedral = PdqHasher.HashDihedral(png);

        Assert.Equal(new PdqResult(PdqHash.Zero, 0), plain);
        Assert.Equal(new string('0', 64), plain.Hash.ToString());
        Assert.All(Enum.GetValues<PdqDihedral>(), d => Assert.True(dihedral[d].IsZero));
        Assert.Equal(0, dihedral.Quality);
        Assert.False(plain.IsTrusted);
    }

    [Fact]
    public void Hash_FivePixelSquare_IsHashed()
    {
        var png = Png(5, 5, (x, y) => new Rgb24((byte)(x * 50), (byte)(y * 50), (byte)((x + y) * 25)));

        Assert.False(PdqHasher.Hash(png).Hash.IsZero);
    }

    [Fact]
    public void Hash_ThinPictureOver512Pixels_IsStretchedTo512SquareAndHashed()
    {
        // As the reference does: the pre-shrink to 512 × 512 comes before the 5-pixel check, so 700 × 4 is hashed.
        var png = Png(700, 4, (x, y) => new Rgb24((byte)(x * 3 + y * 60), (byte)(x % 97 * 2), (byte)(y * 50)));

        var result = PdqHasher.Hash(png);

        Assert.False(result.Hash.IsZero);
        Assert.Equal(result.Hash, PdqHasher.HashDihedral(png).Original);
    }

    [Fact]
    public void Hash_NotAPicture_IsAnInvalidDataExceptionSayingSo()
    {
        var text = "this is a text file, not a picture\n"u8.ToArray();

        var e = Assert.Throws<InvalidDataException>(() => PdqHasher.Hash(text));
        Assert.Contains("not a picture", e.Message);
        Assert.Throws<InvalidDataException>(() => PdqHasher.Hash(new MemoryStream(text)));
        Assert.Throws<InvalidDataException>(() => PdqHasher.HashDihedral(new MemoryStream(text)));
        Assert.Throws<InvalidDataException>(() => PdqHasher.Hash(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Hash_TruncatedPng_IsAnInvalidDataException()
    {
        var png = PdqVectors.Bytes("b-base.png");

        var e = Assert.Throws<InvalidDataException>(() => PdqHasher.Hash(png.AsSpan(0, 100)));
        Assert.Contains("not a picture", e.Message);
    }

    [Fact]
    public void Hash_StreamAndBytes_GiveTheSameResult()
    {
        var bytes = PdqVectors.Bytes("c-base.jpg");

        Assert.Equal(PdqHasher.Hash(bytes), PdqHasher.Hash(new MemoryStream(bytes)));
        Assert.Equal(PdqHasher.HashDihedral(bytes).Original, PdqHasher.HashDihedral(new MemoryStream(bytes)).Original);
    }

    [Fact]
    public void Hash_GreyPicture_UsesTheGreyAsLuminance_SameAsOneChannelPng()
    {
        // An RGB picture whose pixels are all grey must hash like the one-channel picture it equals (the reference sees
        // both as one grey channel); greys like 15 and 30 are where the float weighted sum misses the grey by an ulp.
        static byte Grey(int x, int y) => (byte)((x * 15 + y * 30 + (x * y % 7) * 37) % 256);
        var rgb = Png(200, 150, (x, y) => new Rgb24(Grey(x, y), Grey(x, y), Grey(x, y)));
        using var one = new Image<L8>(200, 150);
        for (int y = 0; y < 150; y++) for (int x = 0; x < 200; x++) one[x, y] = new L8(Grey(x, y));
        using var stream = new MemoryStream();
        one.SaveAsPng(stream);

        Assert.Equal(PdqHasher.Hash(rgb), PdqHasher.Hash(stream.ToArray()));
    }

    [Fact]
    public void Decode_OneChannelJpeg_GivesEveryPixelItsGreyInAllThreeChannels()
    {
        // How ImageSharp hands over a one-channel JPEG: as RGB with R = G = B = the grey it decodes to L8, which the
        // hasher then takes as the luminance as it is (the reference reads such a file as one grey channel).
        var bytes = PdqVectors.Bytes("a-gray.jpg");
        using var rgb = Image.Load<Rgb24>(bytes);
        using var grey = Image.Load<L8>(bytes);

        Assert.Equal(SixLabors.ImageSharp.Formats.Jpeg.JpegColorType.Luminance, rgb.Metadata.GetJpegMetadata().ColorType);
        for (int y = 0; y < rgb.Height; y += 7)
            for (int x = 0; x < rgb.Width; x += 5)
            {
                var p = rgb[x, y];
                Assert.True(p.R == p.G && p.G == p.B && p.R == grey[x, y].PackedValue, $"({x}, {y}): {p} vs {grey[x, y]}");
            }
    }

    [Fact]
    public void Hash_512x512Picture_SpeedOnOneCore()
    {
        // A timing note, not a limit: the machine is shared. Decoding is timed apart from hashing.
        var png = Png(512, 512, (x, y) => new Rgb24((byte)(x ^ y), (byte)(x * y >> 8), (byte)(x + 3 * y)));
        for (int i = 0; i < 5; i++) PdqHasher.Hash(png);

        const int Runs = 60;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Runs; i++) PdqHasher.Hash(png);
        double withDecode = Runs / clock.Elapsed.TotalSeconds;
        clock.Restart();
        for (int i = 0; i < Runs; i++) Image.Load<Rgb24>(png).Dispose();
        double decodeOnly = Runs / clock.Elapsed.TotalSeconds;

        output.WriteLine($"512×512 PNG on one thread: {withDecode:F0} hashes/s with decoding; decoding alone {decodeOnly:F0}/s; " +
            $"hashing alone ≈ {1 / (1 / withDecode - 1 / decodeOnly):F0}/s");
        Assert.True(withDecode > 0);
    }

    private static byte[] Png(int width, int height, Func<int, int, Rgb24> pixel)
    {
        using var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                image[x, y] = pixel(x, y);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
