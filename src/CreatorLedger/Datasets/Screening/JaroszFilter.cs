using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// PDQ's downsampling to 64 × 64: two passes of a box filter along rows then columns (a Jarosz approximation of a
/// tent filter), then one sample per output cell. Written to give the reference's floats bit for bit (see
/// <see cref="BoxDown"/>).
/// </summary>
internal static class JaroszFilter
{
    public const int Passes = 2;

    /// <summary>⌈n / 128⌉: half of the n / 64 an output cell spans, as two passes together cover a whole cell.</summary>
    public static int WindowFor(int length) => (length + 127) / 128;

    /// <summary>
    /// Blurs <paramref name="values"/> (rows × cols, row-major) in place; <paramref name="scratch"/> holds at least as
    /// many floats. The box along each row is the box down each column of the transposed picture: every sum sees the
    /// same additions in the same order, so the floats are the reference's, and the box runs on many columns at once.
    /// </summary>
    public static void Blur(float[] values, float[] scratch, int rows, int cols)
    {
        int alongRows = WindowFor(cols), alongCols = WindowFor(rows);
        for (int pass = 0; pass < Passes; pass++)
        {
            Transpose(values, scratch, rows, cols);
            BoxDown(scratch, values, cols, rows, alongRows);
            Transpose(values, scratch, cols, rows);
            BoxDown(scratch, values, rows, cols, alongCols);
        }
    }

    /// <summary>
    /// One box of <paramref name="window"/> samples down every column. Output o averages inputs o + lead − window + 1 …
    /// o + lead, clipped to the column, with lead = ⌊(window + 2) / 2⌋ − 1: so the window is not centred for even sizes,
    /// and it shrinks at both ends. The sum runs (add the sample coming in, then subtract the one going out) and is
    /// divided by the current window, as the reference does: the rounding of that running sum is part of the hash.
    /// Columns go a vector at a time (walking one column at a time misses the cache on every sample); a last partial
    /// vector is done again from the right edge, which only recomputes the same floats.
    /// </summary>
    private static void BoxDown(float[] input, float[] output, int rows, int cols, int window)
    {
        int width = Vector<float>.Count;
        if (cols < width)
        {
            for (int c = 0; c < cols; c++) BoxDownColumn(input, output, rows, cols, window, c);
            return;
        }
        // Two vectors of columns at a time: each sum waits on its own last addition, so two sums keep the adder busy.
        int c2 = 0;
        for (; c2 + 2 * width <= cols; c2 += 2 * width) BoxDownColumns(input, output, rows, cols, window, c2, c2 + width);
        // The rest, fewer than two vectors, from the right edge back: overlapped columns get the same floats again.
        if (c2 < cols) BoxDownColumns(input, output, rows, cols, window, Math.Min(c2, cols - width), cols - width);
    }

    private static void BoxDownColumns(float[] input, float[] output, int rows, int cols, int window, int first, int second)
    {
        int lead = (window + 2) / 2 - 1;
        Vector<float> a = Vector<float>.Zero, b = Vector<float>.Zero;
        int count = 0;
        for (int r = 0; r < lead; r++)
        {
            a += new Vector<float>(input, r * cols + first);
            b += new Vector<float>(input, r * cols + second);
            count++;
        }
        for (int o = 0; o < rows; o++)
        {
            int incoming = o + lead, outgoing = incoming - window;
            if (incoming < rows)
            {
                a += new Vector<float>(input, incoming * cols + first);
                b += new Vector<float>(input, incoming * cols + second);
                if (outgoing < 0) count++;
            }
            if (outgoing >= 0)
            {
                a -= new Vector<float>(input, outgoing * cols + first);
                b -= new Vector<float>(input, outgoing * cols + second);
                if (incoming >= rows) count--;
            }
            // Dividing by a power of two and multiplying by its inverse round the same exact value the same way; a
            // multiplication costs a tenth of a division.
            if (BitOperations.IsPow2(count))
            {
                var inverse = new Vector<float>(1f / count);
                (a * inverse).CopyTo(output, o * cols + first);
                (b * inverse).CopyTo(output, o * cols + second);
            }
            else
            {
                var divisor = new Vector<float>(count);
                (a / divisor).CopyTo(output, o * cols + first);
                (b / divisor).CopyTo(output, o * cols + second);
            }
        }
    }

    // The same as BoxDownColumns for one column: pictures narrower than a vector.
    private static void BoxDownColumn(float[] input, float[] output, int rows, int cols, int window, int column)
    {
        int lead = (window + 2) / 2 - 1;
        float sum = 0;
        int count = 0;
        for (int r = 0; r < lead; r++)
        {
            sum += input[r * cols + column];
            count++;
        }
        for (int o = 0; o < rows; o++)
        {
            int incoming = o + lead, outgoing = incoming - window;
            if (incoming < rows)
            {
                sum += input[incoming * cols + column];
                if (outgoing < 0) count++;
            }
            if (outgoing >= 0)
            {
                sum -= input[outgoing * cols + column];
                if (incoming >= rows) count--;
            }
            output[o * cols + column] = sum / count;
        }
    }

    // In tiles of 8 × 8, so that both the rows read and the columns written stay in the cache; with AVX a tile is
    // turned in registers.
    private static void Transpose(float[] from, float[] to, int rows, int cols)
    {
        const int Tile = 8;
        for (int r0 = 0; r0 < rows; r0 += Tile)
            for (int c0 = 0; c0 < cols; c0 += Tile)
            {
                if (Avx.IsSupported && r0 + Tile <= rows && c0 + Tile <= cols)
                {
                    TransposeTile(from, to, rows, cols, r0, c0);
                    continue;
                }
                for (int r = r0, rEnd = Math.Min(r0 + Tile, rows); r < rEnd; r++)
                    for (int c = c0, cEnd = Math.Min(c0 + Tile, cols); c < cEnd; c++)
                        to[c * rows + r] = from[r * cols + c];
            }
    }

    private static void TransposeTile(float[] from, float[] to, int rows, int cols, int r0, int c0)
    {
        Vector256<float> Row(int i) => Vector256.Create(from.AsSpan((r0 + i) * cols + c0, 8));
        var (t0, t1) = (Avx.UnpackLow(Row(0), Row(1)), Avx.UnpackHigh(Row(0), Row(1)));
        var (t2, t3) = (Avx.UnpackLow(Row(2), Row(3)), Avx.UnpackHigh(Row(2), Row(3)));
        var (t4, t5) = (Avx.UnpackLow(Row(4), Row(5)), Avx.UnpackHigh(Row(4), Row(5)));
        var (t6, t7) = (Avx.UnpackLow(Row(6), Row(7)), Avx.UnpackHigh(Row(6), Row(7)));
        var (u0, u1) = (Avx.Shuffle(t0, t2, 0x44), Avx.Shuffle(t0, t2, 0xEE));
        var (u2, u3) = (Avx.Shuffle(t1, t3, 0x44), Avx.Shuffle(t1, t3, 0xEE));
        var (u4, u5) = (Avx.Shuffle(t4, t6, 0x44), Avx.Shuffle(t4, t6, 0xEE));
        var (u6, u7) = (Avx.Shuffle(t5, t7, 0x44), Avx.Shuffle(t5, t7, 0xEE));
        void Column(int i, Vector256<float> v) => v.CopyTo(to.AsSpan((c0 + i) * rows + r0, 8));
        Column(0, Avx.Permute2x128(u0, u4, 0x20));
        Column(1, Avx.Permute2x128(u1, u5, 0x20));
        Column(2, Avx.Permute2x128(u2, u6, 0x20));
        Column(3, Avx.Permute2x128(u3, u7, 0x20));
        Column(4, Avx.Permute2x128(u0, u4, 0x31));
        Column(5, Avx.Permute2x128(u1, u5, 0x31));
        Column(6, Avx.Permute2x128(u2, u6, 0x31));
        Column(7, Avx.Permute2x128(u3, u7, 0x31));
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
