namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// From 16 × 16 coefficients to hash bits: bit i·16 + j is set when coefficient (i, j) is above the lower median
/// (the 128th smallest of the 256), so about half the bits are set whatever the picture's contrast.
/// </summary>
internal static class PdqBits
{
    public static PdqHash Of(ReadOnlySpan<float> coefficients)
    {
        Span<float> sorted = stackalloc float[256];
        coefficients.CopyTo(sorted);
        sorted.Sort();
        float median = sorted[127];
        Span<bool> bits = stackalloc bool[256];
        for (int k = 0; k < 256; k++) bits[k] = coefficients[k] > median;
        return PdqHash.FromBits(bits);
    }
}
