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

    /// <summary>How many floats of scratch <see cref="Blur"/> needs: two planes of the picture, with padded rows.</summary>
    public static int ScratchFor(int rows, int cols) => 2 * PlaneSize(rows, cols);

    /// <summary>
    /// Blurs <paramref name="values"/> (rows × cols, row-major) in place, using <see cref="ScratchFor"/> floats of
    /// <paramref name="scratch"/>. The box along each row is the box down each column of the transposed picture: every
    /// sum sees the same additions in the same order, so the floats are the reference's, and the box runs on many
    /// columns at once.
    /// </summary>
    public static void Blur(float[] values, float[] scratch, int rows, int cols)
    {
        int alongRows = WindowFor(cols), alongCols = WindowFor(rows), size = PlaneSize(rows, cols);
        var picture = new Plane(values, 0, cols);
        Plane First(int stride) => new(scratch, 0, stride + Pad);
        Plane Second(int stride) => new(scratch, size, stride + Pad);
        var source = picture;
        for (int pass = 0; pass < Passes; pass++)
        {
            // Each step reads one half of the scratch and writes the other, or the picture at the very end.
            Transpose(source, First(rows), rows, cols);
            BoxDown(First(rows), Second(rows), cols, rows, alongRows);
            Transpose(Second(rows), First(cols), cols, rows);
            var target = pass == Passes - 1 ? picture : Second(cols);
            BoxDown(First(cols), target, rows, cols, alongCols);
            source = target;
        }
    }

    // Rows of 256 or 512 floats lie a multiple of 1 KiB apart, so a walk down a column of them lands in a few cache
    // sets and evicts itself; 16 more floats a row spread it (a transpose took 2.5 times as long without).
    private const int Pad = 16;

    private static int PlaneSize(int rows, int cols) => Math.Max(cols * (rows + Pad), rows * (cols + Pad));

    /// <summary>Floats of <see cref="Values"/> from <see cref="Offset"/>, a row every <see cref="Stride"/>.</summary>
    private readonly record struct Plane(float[] Values, int Offset, int Stride)
    {
        public int At(int row, int col) => Offset + row * Stride + col;
    }

    /// <summary>
    /// One box of <paramref name="window"/> samples down every column. Output o averages inputs o + lead − window + 1 …
    /// o + lead, clipped to the column, with lead = ⌊(window + 2) / 2⌋ − 1: so the window is not centred for even sizes,
    /// and it shrinks at both ends. The sum runs (add the sample coming in, then subtract the one going out) and is
    /// divided by the current window, as the reference does: the rounding of that running sum is part of the hash.
    /// Columns go a vector at a time (walking one column at a time misses the cache on every sample); a last partial
    /// vector is done again from the right edge, which only recomputes the same floats.
    /// </summary>
    private static void BoxDown(Plane input, Plane output, int rows, int cols, int window)
    {
        // Four vectors of columns at a time: each sum waits on its own last addition, so four sums keep the adder busy.
        int width = Vector<float>.Count, block = 4 * width;
        if (cols < block)
        {
            for (int c = 0; c < cols; c++) BoxDownColumn(input, output, rows, window, c);
            return;
        }
        // The last block from the right edge back: overlapped columns get the same floats again.
        for (int c = 0; c < cols; c += block) BoxDownColumns(input, output, rows, window, Math.Min(c, cols - block), width);
    }

    // Columns c to c + 4w − 1, as four vectors of w.
    private static void BoxDownColumns(Plane input, Plane output, int rows, int window, int c, int w)
    {
        int lead = (window + 2) / 2 - 1;
        var data = input.Values;
        Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
        int count = 0;
        for (int r = 0; r < lead; r++)
        {
            int at = input.At(r, c);
            (s0, s1, s2, s3) = (s0 + Load(at), s1 + Load(at + w), s2 + Load(at + 2 * w), s3 + Load(at + 3 * w));
            count++;
        }
        for (int o = 0; o < rows; o++)
        {
            int incoming = o + lead, outgoing = incoming - window;
            if (incoming < rows)
            {
                int at = input.At(incoming, c);
                (s0, s1, s2, s3) = (s0 + Load(at), s1 + Load(at + w), s2 + Load(at + 2 * w), s3 + Load(at + 3 * w));
                if (outgoing < 0) count++;
            }
            if (outgoing >= 0)
            {
                int at = input.At(outgoing, c);
                (s0, s1, s2, s3) = (s0 - Load(at), s1 - Load(at + w), s2 - Load(at + 2 * w), s3 - Load(at + 3 * w));
                if (incoming >= rows) count--;
            }
            int to = output.At(o, c);
            // Dividing by a power of two and multiplying by its inverse round the same exact value the same way; a
            // multiplication costs a tenth of a division.
            if (BitOperations.IsPow2(count))
            {
                var inverse = new Vector<float>(1f / count);
                Store(s0 * inverse, to);
                Store(s1 * inverse, to + w);
                Store(s2 * inverse, to + 2 * w);
                Store(s3 * inverse, to + 3 * w);
            }
            else
            {
                var divisor = new Vector<float>(count);
                Store(s0 / divisor, to);
                Store(s1 / divisor, to + w);
                Store(s2 / divisor, to + 2 * w);
                Store(s3 / divisor, to + 3 * w);
            }
        }

        Vector<float> Load(int at) => new(data, at);
        void Store(Vector<float> value, int at) => value.CopyTo(output.Values, at);
    }

    // The same as BoxDownColumns for one column: pictures narrower than four vectors.
    private static void BoxDownColumn(Plane input, Plane output, int rows, int window, int column)
    {
        int lead = (window + 2) / 2 - 1;
        float sum = 0;
        int count = 0;
        for (int r = 0; r < lead; r++)
        {
            sum += input.Values[input.At(r, column)];
            count++;
        }
        for (int o = 0; o < rows; o++)
        {
            int incoming = o + lead, outgoing = incoming - window;
            if (incoming < rows)
            {
                sum += input.Values[input.At(incoming, column)];
                if (outgoing < 0) count++;
            }
            if (outgoing >= 0)
            {
                sum -= input.Values[input.At(outgoing, column)];
                if (incoming >= rows) count--;
            }
            output.Values[output.At(o, column)] = sum / count;
        }
    }

    // In tiles of 8 × 8, so that both the rows read and the columns written stay in the cache; with AVX a tile is
    // turned in registers.
    private static void Transpose(Plane from, Plane to, int rows, int cols)
    {
        const int Tile = 8;
        for (int r0 = 0; r0 < rows; r0 += Tile)
            for (int c0 = 0; c0 < cols; c0 += Tile)
            {
                if (Avx.IsSupported && r0 + Tile <= rows && c0 + Tile <= cols)
                {
                    TransposeTile(from, to, r0, c0);
                    continue;
                }
                for (int r = r0, rEnd = Math.Min(r0 + Tile, rows); r < rEnd; r++)
                    for (int c = c0, cEnd = Math.Min(c0 + Tile, cols); c < cEnd; c++)
                        to.Values[to.At(c, r)] = from.Values[from.At(r, c)];
            }
    }

    private static void TransposeTile(Plane from, Plane to, int r0, int c0)
    {
        Vector256<float> Row(int i) => Vector256.Create(from.Values, from.At(r0 + i, c0));
        var (t0, t1) = (Avx.UnpackLow(Row(0), Row(1)), Avx.UnpackHigh(Row(0), Row(1)));
        var (t2, t3) = (Avx.UnpackLow(Row(2), Row(3)), Avx.UnpackHigh(Row(2), Row(3)));
        var (t4, t5) = (Avx.UnpackLow(Row(4), Row(5)), Avx.UnpackHigh(Row(4), Row(5)));
        var (t6, t7) = (Avx.UnpackLow(Row(6), Row(7)), Avx.UnpackHigh(Row(6), Row(7)));
        var (u0, u1) = (Avx.Shuffle(t0, t2, 0x44), Avx.Shuffle(t0, t2, 0xEE));
        var (u2, u3) = (Avx.Shuffle(t1, t3, 0x44), Avx.Shuffle(t1, t3, 0xEE));
        var (u4, u5) = (Avx.Shuffle(t4, t6, 0x44), Avx.Shuffle(t4, t6, 0xEE));
        var (u6, u7) = (Avx.Shuffle(t5, t7, 0x44), Avx.Shuffle(t5, t7, 0xEE));
        void Column(int i, Vector256<float> v) => v.CopyTo(to.Values, to.At(c0 + i, r0));
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
