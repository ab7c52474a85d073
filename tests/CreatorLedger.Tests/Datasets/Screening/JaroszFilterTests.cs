using CreatorLedger.Datasets.Screening;
using Xunit;

namespace CreatorLedger.Tests.Datasets.Screening;

/// <summary>
/// The vectorised blur against the reference's loops written plainly (a running box along each row, then down each
/// column, one sample at a time): the same floats to the bit, at sizes narrower and wider than a vector.
/// </summary>
public sealed class JaroszFilterTests
{
    [Theory]
    [InlineData(5, 5)]
    [InlineData(7, 300)]
    [InlineData(300, 7)]
    [InlineData(64, 64)]
    [InlineData(37, 100)]
    [InlineData(256, 256)]
    [InlineData(300, 900)]
    [InlineData(512, 512)]
    [InlineData(511, 129)]
    public void Blur_GivesThePlainLoopsFloatsBitForBit(int rows, int cols)
    {
        var random = new Random(rows * 1000 + cols);
        var values = Enumerable.Range(0, rows * cols).Select(_ => (float)(random.NextDouble() * 255)).ToArray();
        var expected = (float[])values.Clone();
        PlainBlur(expected, rows, cols);

        JaroszFilter.Blur(values, new float[JaroszFilter.ScratchFor(rows, cols) + 3], rows, cols);

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), values.Select(BitConverter.SingleToInt32Bits));
    }

    private static void PlainBlur(float[] values, int rows, int cols)
    {
        var scratch = new float[values.Length];
        for (int pass = 0; pass < JaroszFilter.Passes; pass++)
        {
            for (int r = 0; r < rows; r++) Box(values, r * cols, 1, cols, scratch, JaroszFilter.WindowFor(cols));
            for (int c = 0; c < cols; c++) Box(scratch, c, cols, rows, values, JaroszFilter.WindowFor(rows));
        }
    }

    // The reference's box along one line of `length` samples, `stride` apart.
    private static void Box(float[] input, int start, int stride, int length, float[] output, int window)
    {
        int lead = (window + 2) / 2 - 1;
        float sum = 0;
        int count = 0;
        for (int r = 0; r < lead; r++)
        {
            sum += input[start + r * stride];
            count++;
        }
        for (int o = 0; o < length; o++)
        {
            int incoming = o + lead, outgoing = incoming - window;
            if (incoming < length)
            {
                sum += input[start + incoming * stride];
                if (outgoing < 0) count++;
            }
            if (outgoing >= 0)
            {
                sum -= input[start + outgoing * stride];
                if (incoming >= length) count--;
            }
            output[start + o * stride] = sum / count;
        }
    }
}
