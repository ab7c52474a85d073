namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// The lists a dataset is screened against (DESIGN §11), in the order given: which hashes their samples need, and
/// whether a sample is on one of them. Exact hashes are looked up before perceptual ones, and the first list that has
/// a sample is the one reported; for PDQ, the nearest listed hash within 31 bits, and only a sample hash of quality 50
/// or more (as for list entries, PDQ's own rule: a flat picture's hash says nothing).
/// </summary>
public sealed class ScreeningLists
{
    public ScreeningLists(IReadOnlyList<Blocklist> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        if (lists.Count == 0) throw new ArgumentException("Screening needs at least one list.", nameof(lists));
        Lists = lists;
        foreach (var list in lists)
            foreach (var kind in list.Kinds)
                Needs |= kind.Need();
    }

    public IReadOnlyList<Blocklist> Lists { get; }

    /// <summary>The hashes of a sample's bytes these lists are matched by.</summary>
    public ScreeningNeeds Needs { get; }

    /// <summary>
    /// Screens one sample by the <paramref name="hashes"/> of its bytes (null when its bytes were not read) and its work
    /// <paramref name="digest"/> (a SHA-256 of its bytes, or of the original they were made from, as its metadata says):
    /// on a list, or not, or which hashes were missing to tell.
    /// </summary>
    public ScreeningOutcome Screen(SampleHashes? hashes, WorkId? digest)
    {
        var computed = hashes?.Computed ?? ScreeningNeeds.None;
        // A SHA-256 list is matched by the digest too: it is the SHA-256 of the bytes, or of the original they came from.
        var available = computed | (digest is not null ? ScreeningNeeds.Sha256 : ScreeningNeeds.None);
        byte[]? digestBytes = null;
        foreach (var list in Lists)
        {
            if (hashes?.Md5 is { } md5 && list.Md5?.Contains(md5) == true) return new(Of(list, HashKind.Md5, null), ScreeningNeeds.None);
            if (hashes?.Sha1 is { } sha1 && list.Sha1?.Contains(sha1) == true) return new(Of(list, HashKind.Sha1, null), ScreeningNeeds.None);
            if (list.Sha256Hashes is { } sha256s)
            {
                if (hashes?.Sha256 is { } sha256 && sha256s.Contains(sha256)) return new(Of(list, HashKind.Sha256, null), ScreeningNeeds.None);
                if (digest is { } work && sha256s.Contains(digestBytes ??= work.ToBytes())) return new(Of(list, HashKind.Sha256, null), ScreeningNeeds.None);
            }
        }
        foreach (var list in Lists)
            if (hashes?.Pdq is { IsTrusted: true } pdq && list.Pdq?.Find(pdq.Hash) is { } near)
                return new(Of(list, HashKind.Pdq, near.Distance), ScreeningNeeds.None);
        return new(null, Needs & ~available, hashes?.PictureProblem);
    }

    private static ScreeningMatch Of(Blocklist list, HashKind kind, int? distance) => new(list.Name, list.Version, kind, distance);
}

