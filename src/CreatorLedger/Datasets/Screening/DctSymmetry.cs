namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// The coefficients of a rotated or mirrored picture, from the original's, without hashing the picture again.
/// Mirroring one axis multiplies each coefficient by (−1)^frequency along that axis (frequencies run 1–16, so index
/// 0 is odd and changes sign); turning by 90° swaps the axes. Every dihedral is one or both mirrors, then maybe a swap.
/// </summary>
internal static class DctSymmetry
{
    public static float[] Apply(float[] a, PdqDihedral dihedral)
    {
        var (mirrorRows, mirrorCols, swap) = dihedral switch
        {
            PdqDihedral.Original => (false, false, false),
            PdqDihedral.Rotate90 => (false, true, true),
            PdqDihedral.Rotate180 => (true, true, false),
            PdqDihedral.Rotate270 => (true, false, true),
            PdqDihedral.FlipX => (true, false, false),
            PdqDihedral.FlipY => (false, true, false),
            PdqDihedral.FlipPlusOne => (false, false, true),
            PdqDihedral.FlipMinusOne => (true, true, true),
            _ => throw new ArgumentOutOfRangeException(nameof(dihedral)),
        };
        var b = new float[256];
        for (int i = 0; i < 16; i++)
            for (int j = 0; j < 16; j++)
            {
                bool negate = (mirrorRows && i % 2 == 0) ^ (mirrorCols && j % 2 == 0);
                float value = negate ? -a[i * 16 + j] : a[i * 16 + j];
                b[swap ? j * 16 + i : i * 16 + j] = value;
            }
        return b;
    }
}
