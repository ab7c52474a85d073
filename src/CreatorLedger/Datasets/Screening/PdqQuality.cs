using System.Numerics;

namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// PDQ's quality (0–100): how much clear structure the 64 × 64 picture has. Each step between neighbours is first
/// truncated to whole percent of the grey range, so many faint gradients (noise, a smooth fade) add up to little.
/// </summary>
internal static class PdqQuality
{
    public static int Of(float[] cells)
    {
        // The integer sum is the same in any order; each step is computed in float as the reference computes it.
        int sum = 0;
        for (int i = 0; i < 63; i++) sum += Steps(cells.AsSpan(i * 64, 64), cells.AsSpan((i + 1) * 64, 64));
        for (int i = 0; i < 64; i++) sum += Steps(cells.AsSpan(i * 64, 63), cells.AsSpan(i * 64 + 1, 63));
        // 90 is the reference's tuned scale.
        return Math.Min(sum / 90, 100);
    }

    // Σ Step(u[k], v[k]), a vector of steps at a time.
    private static int Steps(ReadOnlySpan<float> u, ReadOnlySpan<float> v)
    {
        int step = Vector<float>.Count, k = 0;
        var sums = Vector<int>.Zero;
        for (; k + step <= u.Length; k += step)
        {
            var difference = (new Vector<float>(u[k..]) - new Vector<float>(v[k..])) * new Vector<float>(100f) / new Vector<float>(255f);
            sums += Vector.Abs(Vector.ConvertToInt32(difference));
        }
        int sum = Vector.Sum(sums);
        for (; k < u.Length; k++) sum += Step(u[k], v[k]);
        return sum;
    }

    // In float, truncated toward zero, as the reference's int conversion does.
    private static int Step(float u, float v) => Math.Abs((int)((u - v) * 100 / 255f));
}
