namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// PDQ's downsampling to 64 × 64: two passes of a box filter along rows then columns (a Jarosz approximation of a
/// tent filter), then one sample per output cell. Written to give the reference's floats bit for bit: the box is
/// a running sum (add the sample coming in, then subtract the one going out) divided by the current window, not a
/// fresh sum per window, because the rounding of that running sum is part of the hash.
/// </summary>
internal static class JaroszFilter
{
    public const int Passes = 2;

    /// <summary>⌈n / 128⌉: half of the n / 64 an output cell spans, as two passes together cover a whole cell.</summary>
    public static int WindowFor(int length) => (length + 127) / 128;

    /// <summary>Blurs <paramref name="values"/> (rows × cols, row-major) in place; <paramref name="scratch"/> is the same size.</summary>
    public static void Blur(float[] values, float[] scratch, int rows, int cols)
    {
        int alongRows = WindowFor(cols), alongCols = WindowFor(rows);
        for (int pass = 0; pass < Passes; pass++)
        {
            for (int r = 0; r < rows; r++) Box(values, scratch, r * cols, 1, cols, alongRows);
            for (int c = 0; c < cols; c++) Box(scratch, values, c, cols, rows, alongCols);
        }
    }

    /// <summary>
    /// One box of <paramref name="window"/> samples along a line of <paramref name="length"/> samples. Output o averages
    /// inputs o + lead − window + 1 … o + lead, clipped to the line, with lead = ⌊(window + 2) / 2⌋ − 1: so the window
    /// is not centred for even sizes, and it shrinks at both ends.
    /// </summary>
    private static void Box(float[] input, float[] output, int start, int stride, int length, int window)
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

    /// <summary>The 64 × 64 samples at ⌊(i + ½)·n / 64⌋ of the blurred picture (cell centres, computed in double).</summary>
    public static void Decimate(float[] values, int rows, int cols, float[] cells)
    {
        for (int i = 0; i < 64; i++)
        {
            int row = (int)((i + 0.5) * rows / 64);
            for (int j = 0; j < 64; j++)
                cells[i * 64 + j] = values[row * cols + (int)((j + 0.5) * cols / 64)];
        }
    }
}
