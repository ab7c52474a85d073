using CreatorLedger.Datasets.Screening;
using Xunit;

namespace CreatorLedger.Tests.Datasets.Screening;

/// <summary>
/// The DCT and the quality, computed a vector at a time, against the reference's loops written plainly: the same
/// floats to the bit and the same quality, on cells from smooth to noisy.
/// </summary>
public sealed class PdqArithmeticTests
{
    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 0.3)]
    [InlineData(3, 1.0)]
    public void Transform_GivesThePlainLoopsFloatsBitForBit(int seed, double noise)
    {
        var cells = Cells(seed, noise);

        Assert.Equal(PlainTransform(cells).Select(BitConverter.SingleToInt32Bits), PdqDct.Transform(cells).Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(4, 0.0)]
    [InlineData(5, 0.05)]
    [InlineData(6, 1.0)]
    public void Quality_IsThePlainLoopsQuality(int seed, double noise)
    {
        var cells = Cells(seed, noise);

        Assert.Equal(PlainQuality(cells), PdqQuality.Of(cells));
    }

    // A gradient with noise of the given share of the grey range.
    private static float[] Cells(int seed, double noise)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 64 * 64)
            .Select(k => (float)(k / 64 * 2 + k % 64 + random.NextDouble() * 255 * noise))
            .ToArray();
    }

    private static float[] PlainTransform(float[] cells)
    {
        var d = new float[16 * 64];
        float scale = (float)Math.Sqrt(2.0 / 64);
        for (int i = 0; i < 16; i++)
            for (int j = 0; j < 64; j++)
                d[i * 64 + j] = (float)(scale * Math.Cos(Math.PI / 2.0 / 64 * (i + 1) * (2 * j + 1)));
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

    private static int PlainQuality(float[] cells)
    {
        static int Step(float u, float v) => Math.Abs((int)((u - v) * 100 / 255f));
        int sum = 0;
        for (int i = 0; i < 63; i++)
            for (int j = 0; j < 64; j++)
                sum += Step(cells[i * 64 + j], cells[(i + 1) * 64 + j]);
        for (int i = 0; i < 64; i++)
            for (int j = 0; j < 63; j++)
                sum += Step(cells[i * 64 + j], cells[i * 64 + j + 1]);
        return Math.Min(sum / 90, 100);
    }
}
