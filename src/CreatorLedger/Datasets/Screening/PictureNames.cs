namespace CreatorLedger.Datasets.Screening;

/// <summary>The extensions of raster pictures PDQ screens: a file or member so named must decode, or it cannot be cleared.</summary>
internal static class PictureNames
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".tga", ".pbm", ".pgm", ".ppm",
    };

    public static bool Has(string name) => Extensions.Contains(Path.GetExtension(name));
}
