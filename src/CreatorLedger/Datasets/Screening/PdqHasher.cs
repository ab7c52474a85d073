using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// Meta's PDQ perceptual hash of a picture (DESIGN §11), written to give the same bits as the C++ reference
/// <c>pdq-photo-hasher</c> for the same pixels: pre-shrink over 512 px, float luminance, Jarosz blur to 64 × 64,
/// 16 × 16 DCT, bits above the median. Pictures are decoded by ImageSharp (JPEG, PNG, WebP, GIF, BMP, TIFF, TGA, PBM);
/// lossy formats decode a grey level differently here and there, which moves a few bits.
/// </summary>
public static class PdqHasher
{
    /// <summary>Pictures with a side under this hash to all zeros with quality 0.</summary>
    public const int MinSide = 5;

    /// <summary>Hashes a picture read from <paramref name="picture"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// The bytes are not a picture ImageSharp decodes, or one too large for it to allocate (a few bytes of PNG can
    /// claim a picture of gigabytes).
    /// </exception>
    public static PdqResult Hash(Stream picture) => Hash(Decode(picture));

    /// <inheritdoc cref="Hash(Stream)"/>
    public static PdqResult Hash(ReadOnlySpan<byte> picture) => Hash(Decode(picture));

    /// <summary>The eight dihedral hashes of a picture (the reference's <c>--pdqdih</c>).</summary>
    /// <exception cref="InvalidDataException">As for <see cref="Hash(Stream)"/>.</exception>
    public static PdqDihedralHashes HashDihedral(Stream picture) => HashDihedral(Decode(picture));

    /// <inheritdoc cref="HashDihedral(Stream)"/>
    public static PdqDihedralHashes HashDihedral(ReadOnlySpan<byte> picture) => HashDihedral(Decode(picture));

    private static PdqResult Hash(PdqLuma luma)
    {
        if (IsTooSmall(luma)) return new PdqResult(PdqHash.Zero, 0);
        // A 64 × 64 luma is already the size PDQ works at, and the reference's plain hash takes it without blurring.
        // (Its dihedral hashing blurs it anyway, which can move a bit of the original; both are copied.)
        var cells = luma.Rows == 64 && luma.Cols == 64 ? luma.Values : Downsample(luma);
        return new PdqResult(PdqBits.Of(PdqDct.Transform(cells)), PdqQuality.Of(cells));
    }

    private static PdqDihedralHashes HashDihedral(PdqLuma luma)
    {
        var hashes = new PdqHash[8];
        if (IsTooSmall(luma)) return new PdqDihedralHashes(hashes, 0);
        var cells = Downsample(luma);
        var coefficients = PdqDct.Transform(cells);
        foreach (var dihedral in Enum.GetValues<PdqDihedral>())
            hashes[(int)dihedral] = PdqBits.Of(DctSymmetry.Apply(coefficients, dihedral));
        return new PdqDihedralHashes(hashes, PdqQuality.Of(cells));
    }

    // Checked after the pre-shrink, as the reference does: a 1000 × 4 picture is stretched to 512 × 512 and hashed.
    private static bool IsTooSmall(PdqLuma luma) => luma.Rows < MinSide || luma.Cols < MinSide;

    private static float[] Downsample(PdqLuma luma)
    {
        var values = (float[])luma.Values.Clone();
        JaroszFilter.Blur(values, new float[values.Length], luma.Rows, luma.Cols);
        var cells = new float[64 * 64];
        JaroszFilter.Decimate(values, luma.Rows, luma.Cols, cells);
        return cells;
    }

    private static PdqLuma Decode(Stream picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        if (!picture.CanRead) throw Error.Argument_StreamNotReadable(nameof(picture));
        try
        {
            using var image = Image.Load<Rgb24>(Configuration.Default, picture);
            return PdqLuma.From(image);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidMemoryOperationException)
        {
            throw Error.InvalidData_NotAPicture(e);
        }
    }

    private static PdqLuma Decode(ReadOnlySpan<byte> picture)
    {
        if (picture.IsEmpty) throw Error.InvalidData_NoBytes();
        try
        {
            using var image = Image.Load<Rgb24>(Configuration.Default, picture);
            return PdqLuma.From(image);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidMemoryOperationException)
        {
            throw Error.InvalidData_NotAPicture(e);
        }
    }
}
