using System.Buffers;

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

    /// <summary>
    /// The most pixels a picture may have to be hashed: 100 megapixels, so a 10,000 × 10,000 photograph still is
    /// (decoded whole, it takes 300 MB as 8-bit RGB; pictures over 16 megapixels decode one at a time in a process).
    /// </summary>
    public const long MaxPixels = 100_000_000;

    /// <summary>Hashes a picture read from <paramref name="picture"/> (to its end, into memory).</summary>
    /// <exception cref="InvalidDataException">
    /// The bytes are not a picture ImageSharp decodes, are a JPEG, PNG or WebP file cut short, or the picture has more
    /// than <see cref="MaxPixels"/> pixels (a few bytes of PNG can claim a picture of gigabytes: the size is read from
    /// the header before anything is decoded).
    /// </exception>
    public static PdqResult Hash(Stream picture) => Hash(PictureDecoder.Decode(picture));

    /// <inheritdoc cref="Hash(Stream)"/>
    public static PdqResult Hash(ReadOnlySpan<byte> picture) => Hash(PictureDecoder.Decode(picture));

    /// <summary>The picture's PDQ hash, or null when the bytes are not in a picture format ImageSharp recognises (by their first bytes).</summary>
    /// <exception cref="InvalidDataException">The bytes start like a picture but do not decode, or the picture is larger than MaxPixels.</exception>
    public static PdqResult? HashIfPicture(ReadOnlySpan<byte> bytes) => PictureDecoder.StartsLikeAPicture(bytes) ? Hash(bytes) : null;

    /// <summary>The eight dihedral hashes of a picture (the reference's <c>--pdqdih</c>).</summary>
    /// <exception cref="InvalidDataException">As for <see cref="Hash(Stream)"/>.</exception>
    public static PdqDihedralHashes HashDihedral(Stream picture) => HashDihedral(PictureDecoder.Decode(picture));

    /// <inheritdoc cref="HashDihedral(Stream)"/>
    public static PdqDihedralHashes HashDihedral(ReadOnlySpan<byte> picture) => HashDihedral(PictureDecoder.Decode(picture));

    private static PdqResult Hash(PdqLuma picture)
    {
        using var luma = picture;
        if (IsTooSmall(luma)) return new PdqResult(PdqHash.Zero, 0);
        // A 64 × 64 luma is already the size PDQ works at, and the reference's plain hash takes it without blurring.
        // (Its dihedral hashing blurs it anyway, which can move a bit of the original; both are copied.)
        var cells = luma.Rows == 64 && luma.Cols == 64 ? luma.Values : Downsample(luma);
        return new PdqResult(PdqBits.Of(PdqDct.Transform(cells)), PdqQuality.Of(cells));
    }

    private static PdqDihedralHashes HashDihedral(PdqLuma picture)
    {
        using var luma = picture;
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

    // Blurs the luma in place (it is not read again), with a pooled scratch: a 512 × 512 luma is 1 MiB, and fresh
    // arrays that large would be collected with the oldest generation.
    private static float[] Downsample(PdqLuma luma)
    {
        var scratch = ArrayPool<float>.Shared.Rent(JaroszFilter.ScratchFor(luma.Rows, luma.Cols));
        try
        {
            JaroszFilter.Blur(luma.Values, scratch, luma.Rows, luma.Cols);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
        var cells = new float[64 * 64];
        JaroszFilter.Decimate(luma.Values, luma.Rows, luma.Cols, cells);
        return cells;
    }
}
