using CreatorLedger.Transparency;

namespace CreatorLedger.Witness;

/// <summary>The latest checkpoint the witness cosigned for one origin: size, root, and the note as served to monitors.</summary>
public sealed class WitnessRecord
{
    private readonly byte[] _root;

    public WitnessRecord(string origin, long size, ReadOnlySpan<byte> root, SignedNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        Origin = origin;
        Size = size;
        _root = root.ToArray();
        Note = note;
    }

    public string Origin { get; }

    public long Size { get; }

    public ReadOnlySpan<byte> Root => _root;

    /// <summary>The checkpoint with the log signatures the witness verified and its own cosignature.</summary>
    public SignedNote Note { get; }
}
