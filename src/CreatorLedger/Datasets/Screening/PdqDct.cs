using System.Numerics;

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

    /// <summary>
    /// From the 64 × 64 cells (row-major) to the 16 × 16 coefficients (row-major). Each coefficient's sum is computed
    /// alone, in index order, with a product then an addition (never fused), so it is the reference's float; a vector
    /// only computes several such sums side by side.
    /// </summary>
    public static float[] Transform(float[] cells)
    {
        var d = Matrix;
        // T = D·A: row i of T is Σ_k d[i, k] · row k of A.
        var t = new float[16 * 64];
        for (int i = 0; i < 16; i++)
            SumOfRows(d.AsSpan(i * 64, 64), cells, 64, t.AsSpan(i * 64, 64));
        // B = T·Dᵀ: row i of B is Σ_k t[i, k] · row k of Dᵀ.
        var b = new float[16 * 16];
        for (int i = 0; i < 16; i++)
            SumOfRows(t.AsSpan(i * 64, 64), Transposed, 16, b.AsSpan(i * 16, 16));
        return b;
    }

    // Dᵀ (64 × 16), so that the second product also runs along rows.
    private static readonly float[] Transposed = Transpose(Matrix);

    private static float[] Transpose(float[] d)
    {
        var transposed = new float[64 * 16];
        for (int i = 0; i < 16; i++)
            for (int k = 0; k < 64; k++) transposed[k * 16 + i] = d[i * 64 + k];
        return transposed;
    }

    /// <summary><paramref name="into"/>[j] = Σ_k weights[k] · rows[k·width + j], summed from k = 0 up.</summary>
    private static void SumOfRows(ReadOnlySpan<float> weights, float[] rows, int width, Span<float> into)
    {
        int step = Vector<float>.Count;
        for (int j = 0; j < width; j += step)
        {
            var sum = Vector<float>.Zero;
            for (int k = 0; k < weights.Length; k++)
                sum += new Vector<float>(weights[k]) * new Vector<float>(rows, k * width + j);
            sum.CopyTo(into[j..]);
        }
    }
}
