using System.Diagnostics.CodeAnalysis;

namespace CreatorLedger.Datasets;

/// <summary>
/// A tar member's name split as WebDataset splits it: the key is the path up to the first dot of the last path
/// component, the extension everything after that dot, lowercased (<c>a/b/000001.seg.png</c> → <c>a/b/000001</c>,
/// <c>seg.png</c>). Members whose last component has no dot (or starts with one) belong to no sample.
/// </summary>
public static class WebDatasetName
{
    public static bool TrySplit(string name, [NotNullWhen(true)] out string? key, [NotNullWhen(true)] out string? extension)
    {
        key = extension = null;
        int slash = name.LastIndexOf('/');
        int dot = name.IndexOf('.', slash + 1);
        // The key's last component must not be empty: ".hidden" names no sample.
        if (dot <= slash + 1 || dot == name.Length - 1) return false;
        key = name[..dot];
        extension = name[(dot + 1)..].ToLowerInvariant();
        return true;
    }
}
