using System.Diagnostics.CodeAnalysis;

namespace CreatorLedger.Base;

internal static class Hex64
{
    public static bool IsLowercaseHex([NotNullWhen(true)] string? text, int length)
    {
        if (text is null || text.Length != length) return false;
        foreach (var c in text)
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'f')) return false;
        return true;
    }
}
