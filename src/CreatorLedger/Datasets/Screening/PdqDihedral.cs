namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// The eight rotations and mirrors PDQ hashes at once (<c>--pdqdih</c>), named as the reference names them: the
/// names say which way the <em>coefficients</em> turn, so a picture turned 90° clockwise matches the base's
/// <see cref="Rotate270"/>, and a left-right mirror matches <see cref="FlipY"/>.
/// </summary>
public enum PdqDihedral
{
    Original,
    Rotate90,
    Rotate180,
    Rotate270,
    FlipX,
    FlipY,
    FlipPlusOne,
    FlipMinusOne,
}
