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
            for (int r = 0; r < rows; r++) Box(values.AsSpan(r * cols, cols), scratch.AsSpan(r * cols, cols), alongRows);
            BoxDown(scratch, values, rows, cols, alongCols);
        }
    }

    /// <summary>
    /// One box of <paramref name="window"/> samples along a line. Output o averages inputs o + lead − window + 1 … o + lead,
    /// clipped to the line, with lead = ⌊(window + 2) / 2⌋ − 1: so the window is not centred for even sizes, and it
    /// shrinks at both ends.
    /// </summary>
    private static void Box(ReadOnlySpan<float> input, Span<float> output, int window)
    {
        int length = input.Length, lead = (window + 2) / 2 - 1;
        float sum = 0;
        int count = 0;
        for (int r = 0; r < lead; r++)
        {
            sum += input[r];
            count++;
        }
        for (int o = 0; o < length; o++)
        {
            int incoming = o + lead, outgoing = incoming - window;
            if (incoming < length)
            {
                sum += input[incoming];
                if (outgoing < 0) count++;
            }
            if (outgoing >= 0)
            {
                sum -= input[outgoing];
                if (incoming >= length) count--;
            }
            output[o] = sum / count;
        }
    }

    /// <summary>
    /// The same box down every column at once, a row at a time (walking one column at a time misses the cache on
    /// every sample). Each column's sum sees the same additions in the same order, so the floats are the same.
    /// </summary>
    private static void BoxDown(float[] input, float[] output, int rows, int cols, int window)
    {
        int lead = (window + 2) / 2 - 1;
        var sums = new float[cols];
        int count = 0;
        for (int r = 0; r < lead; r++)
        {
            Add(sums, input.AsSpan(r * cols, cols));
            count++;
        }
        for (int o = 0; o < rows; o++)
        {
            int incoming = o + lead, outgoing = incoming - window;
            if (incoming < rows)
            {
                Add(sums, input.AsSpan(incoming * cols, cols));
                if (outgoing < 0) count++;
            }
            if (outgoing >= 0)
            {
                Subtract(sums, input.AsSpan(outgoing * cols, cols));
                if (incoming >= rows) count--;
            }
            var row = output.AsSpan(o * cols, cols);
            for (int c = 0; c < cols; c++) row[c] = sums[c] / count;
        }
    }

    private static void Add(Span<float> sums, ReadOnlySpan<float> row)
    {
        for (int c = 0; c < sums.Length; c++) sums[c] += row[c];
    }

    private static void Subtract(Span<float> sums, ReadOnlySpan<float> row)
    {
        for (int c = 0; c < sums.Length; c++) sums[c] -= row[c];
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
