namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// A picture's eight dihedral hashes and its quality. A rotated or mirrored copy is never a plain match (it is
/// about 128 bits away); it is near one of these.
/// </summary>
public sealed class PdqDihedralHashes
{
    private readonly PdqHash[] _hashes;

    internal PdqDihedralHashes(PdqHash[] hashes, int quality)
    {
        _hashes = hashes;
        Quality = quality;
    }

    public int Quality { get; }

    public bool IsTrusted => PdqMatch.IsTrusted(Quality);

    public PdqHash this[PdqDihedral dihedral] =>
        (uint)dihedral < (uint)_hashes.Length ? _hashes[(int)dihedral] : throw new ArgumentOutOfRangeException(nameof(dihedral));

    public PdqHash Original => _hashes[(int)PdqDihedral.Original];

    /// <summary>The dihedral closest to <paramref name="other"/>, and how far it is (the first of equals, in enum order).</summary>
    public (PdqDihedral Dihedral, int Distance) Nearest(PdqHash other)
    {
        var best = (Dihedral: PdqDihedral.Original, Distance: int.MaxValue);
        for (int i = 0; i < _hashes.Length; i++)
        {
            int d = _hashes[i].DistanceTo(other);
            if (d < best.Distance) best = ((PdqDihedral)i, d);
        }
        return best;
    }
}
