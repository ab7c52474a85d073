using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// A PDQ perceptual hash: 256 bits, bit <c>i·16 + j</c> set when DCT coefficient (i, j) of the picture is above the
/// median. Printed as Meta's reference prints it, sixteen 16-bit words from the last to the first, so a hash read
/// from a hash list compares bit for bit with one computed here.
/// </summary>
public readonly record struct PdqHash
{
    // Bit k lives in word k / 64 at position k % 64; the reference's 16-bit word m is then (m / 4, bits 16·(m % 4)…).
    private readonly ulong _w0, _w1, _w2, _w3;

    internal PdqHash(ulong w0, ulong w1, ulong w2, ulong w3) => (_w0, _w1, _w2, _w3) = (w0, w1, w2, w3);

    /// <summary>All zeros: what a picture too small to hash (a side under 5 px) gives.</summary>
    public static PdqHash Zero => default;

    public bool IsZero => (_w0 | _w1 | _w2 | _w3) == 0;

    /// <summary>Bit <paramref name="index"/> (0–255), numbered as the reference numbers them.</summary>
    public bool this[int index] =>
        (uint)index < 256 ? ((Word64(index >> 6) >> (index & 63)) & 1) != 0 : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>How many of the 256 bits differ: PDQ's distance. At most <see cref="PdqMatch.MaxDistance"/> is a match.</summary>
    public int DistanceTo(PdqHash other) =>
        BitOperations.PopCount(_w0 ^ other._w0) + BitOperations.PopCount(_w1 ^ other._w1)
        + BitOperations.PopCount(_w2 ^ other._w2) + BitOperations.PopCount(_w3 ^ other._w3);

    public static int Distance(PdqHash a, PdqHash b) => a.DistanceTo(b);

    /// <summary>The 16 bits <c>16·index</c> to <c>16·index + 15</c> (index 0–15): what a multi-index lookup keys on.</summary>
    internal ushort Chunk(int index) => (ushort)(Word64(index >> 2) >> ((index & 3) * 16));

    internal static PdqHash FromBits(ReadOnlySpan<bool> bits)
    {
        Span<ulong> w = stackalloc ulong[4];
        for (int k = 0; k < 256; k++)
            if (bits[k]) w[k >> 6] |= 1UL << (k & 63);
        return new PdqHash(w[0], w[1], w[2], w[3]);
    }

    public static PdqHash Parse(string text) =>
        TryParse(text, out var hash) ? hash : throw Error.Argument_NotAPdqHash(nameof(text), text);

    /// <summary>64 hex digits, either case (hash lists come in both); the first four are the reference's last word.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out PdqHash hash)
    {
        hash = default;
        if (text is null || text.Length != 64) return false;
        Span<ulong> w = stackalloc ulong[4];
        for (int group = 0; group < 16; group++)
        {
            if (!ushort.TryParse(text.AsSpan(group * 4, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var word)) return false;
            int m = 15 - group;
            w[m >> 2] |= (ulong)word << ((m & 3) * 16);
        }
        hash = new PdqHash(w[0], w[1], w[2], w[3]);
        return true;
    }

    /// <summary>The 64 lowercase hex digits, as <c>pdq-photo-hasher</c> prints them.</summary>
    public override string ToString() => string.Create(64, this, static (chars, hash) =>
    {
        for (int m = 15; m >= 0; m--)
        {
            var word = (ushort)(hash.Word64(m >> 2) >> ((m & 3) * 16));
            word.TryFormat(chars[((15 - m) * 4)..], out _, "x4");
        }
    });

    /// <summary>Bits 64·i to 64·i + 63 (i 0–3), for code that keeps hashes as plain words (the index).</summary>
    internal ulong Word64(int i) => i switch { 0 => _w0, 1 => _w1, 2 => _w2, _ => _w3 };
}
