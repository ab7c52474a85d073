using System.Buffers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// The luminance PDQ hashes, as Meta's <c>pdq-photo-hasher</c> makes it from decoded 8-bit samples: pictures with a
/// side over 512 px are first cut down to exactly 512 × 512, then each pixel becomes one float.
/// </summary>
internal sealed class PdqLuma : IDisposable
{
    /// <summary>Larger pictures are pre-shrunk to this square, as the reference does (its filter is slow on big pictures).</summary>
    public const int PreShrinkSide = 512;

    // Rec. 601 luma, the coefficients as floats and the sum in float, as the reference computes it.
    private const float FromRed = 0.299f, FromGreen = 0.587f, FromBlue = 0.114f;

    private PdqLuma(float[] values, int rows, int cols) => (Values, Rows, Cols) = (values, rows, cols);

    /// <summary>
    /// Row-major, <see cref="Rows"/> × <see cref="Cols"/> (the array may be longer). Pooled: a hash takes a fresh
    /// luma of up to 1 MiB, and fresh arrays that large cost page faults and collections of the oldest generation.
    /// </summary>
    public float[] Values { get; }

    public int Rows { get; }

    public int Cols { get; }

    /// <summary>
    /// From the stored pixels: no EXIF rotation (the hash is of the pixels as stored), no alpha compositing (the colour
    /// under transparent pixels counts). The decoder has already dropped alpha by decoding to RGB.
    /// </summary>
    public static PdqLuma From(Image<Rgb24> image)
    {
        int width = image.Width, height = image.Height;
        // The reference's nearest-neighbour resize ignores the aspect ratio and samples left-aligned, at
        // ⌊x·W / 512⌋, not at pixel centres: that is what makes its hashes of large pictures, so it is copied exactly.
        bool shrink = width > PreShrinkSide || height > PreShrinkSide;
        int cols = shrink ? PreShrinkSide : width, rows = shrink ? PreShrinkSide : height;
        var values = ArrayPool<float>.Shared.Rent(rows * cols);
        bool grey = IsGrey(image);
        var sourceColumn = new int[cols];
        for (int x = 0; x < cols; x++) sourceColumn[x] = (int)((long)x * width / cols);
        image.ProcessPixelRows(pixels =>
        {
            for (int y = 0; y < rows; y++)
            {
                var row = pixels.GetRowSpan((int)((long)y * height / rows));
                var into = values.AsSpan(y * cols, cols);
                if (shrink) Sample(row, sourceColumn, into, grey);
                else Convert(row, into, grey);
            }
        });
        return new PdqLuma(values, rows, cols);
    }

    public void Dispose() => ArrayPool<float>.Shared.Return(Values);

    private static void Sample(ReadOnlySpan<Rgb24> row, int[] sourceColumn, Span<float> into, bool grey)
    {
        for (int x = 0; x < into.Length; x++) into[x] = Luma(row[sourceColumn[x]], grey);
    }

    // Without the pre-shrink, column x is pixel x: the same luma without looking the column up.
    private static void Convert(ReadOnlySpan<Rgb24> row, Span<float> into, bool grey)
    {
        for (int x = 0; x < into.Length; x++) into[x] = Luma(row[x], grey);
    }

    // Each weighted channel looked up: the same float products, then the same two additions in the same order.
    private static float Luma(Rgb24 p, bool grey) => grey ? p.R : Red[p.R] + Green[p.G] + Blue[p.B];

    private static readonly float[] Red = Weighted(FromRed), Green = Weighted(FromGreen), Blue = Weighted(FromBlue);

    private static float[] Weighted(float weight) => [.. Enumerable.Range(0, 256).Select(level => weight * level)];

    /// <summary>
    /// A picture whose every pixel is grey reaches the reference as one grey channel (ImageMagick writes it as PGM),
    /// and the grey value is the luminance. The float sum of the three weights is off by an ulp for 35 of the 256
    /// greys, so the grey is taken as it is. A one-channel JPEG or PNG decodes to R = G = B, so it is always caught here.
    /// </summary>
    private static bool IsGrey(Image<Rgb24> image)
    {
        bool grey = true;
        image.ProcessPixelRows(pixels =>
        {
            for (int y = 0; y < pixels.Height && grey; y++)
                foreach (var p in pixels.GetRowSpan(y))
                    if (p.R != p.G || p.G != p.B)
                    {
                        grey = false;
                        break;
                    }
        });
        return grey;
    }
}
