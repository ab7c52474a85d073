namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// The part of the 64 × 64 DCT-II that PDQ keeps: coefficients 1–16 along each axis (0, the mean, says nothing about
/// structure). B = D·A·Dᵀ with D the 16 × 64 matrix √(2/64)·cos(π/128·(i+1)(2j+1)). Each entry of D is computed in
/// double and stored as float, and every sum runs in float in index order, as the reference does: the order of
/// float additions decides the bits of coefficients near the median.
/// </summary>
internal static class PdqDct
{
    private static readonly float[] Matrix = BuildMatrix();

    private static float[] BuildMatrix()
    {
        var d = new float[16 * 64];
        // The scale is a float before it multiplies the double cosine, as in the reference.
        float scale = (float)Math.Sqrt(2.0 / 64);
        for (int i = 0; i < 16; i++)
            for (int j = 0; j < 64; j++)
                d[i * 64 + j] = (float)(scale * Math.Cos(Math.PI / 2.0 / 64 * (i + 1) * (2 * j + 1)));
        return d;
    }

    /// <summary>From the 64 × 64 cells (row-major) to the 16 × 16 coefficients (row-major).</summary>
    public static float[] Transform(float[] cells)
    {
        var d = Matrix;
        var t = new float[16 * 64];
        for (int i = 0; i < 16; i++)
            for (int j = 0; j < 64; j++)
            {
                float sum = 0;
                for (int k = 0; k < 64; k++) sum += d[i * 64 + k] * cells[k * 64 + j];
                t[i * 64 + j] = sum;
            }
        var b = new float[16 * 16];
        for (int i = 0; i < 16; i++)
            for (int j = 0; j < 16; j++)
            {
                float sum = 0;
                for (int k = 0; k < 64; k++) sum += t[i * 64 + k] * d[j * 64 + k];
                b[i * 16 + j] = sum;
            }
        return b;
    }
}
