using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace CreatorLedger.Transparency;

/// <summary>
/// An RFC 9162 §2.1.4 consistency proof as a file, self-contained like a tlog-proof: C2SP has no file format for one, so
/// this is CreatorLedger's, shaped as tlog-proof is (a header line, the older tree's size and root, the proof hashes in
/// base64, a blank line, then the newer checkpoint's signed note verbatim). It proves that the ledger of size
/// <see cref="OldSize"/> and root <see cref="OldRoot"/> is a prefix of the signed one: whoever holds a note of the old
/// size with another root holds proof of a fork.
/// </summary>
public sealed class ConsistencyProof
{
    public const string Header = "creatorledger/consistency-proof@v1";

    private readonly byte[][] _hashes;
    private readonly byte[] _oldRoot;

    public ConsistencyProof(long oldSize, ReadOnlySpan<byte> oldRoot, IEnumerable<byte[]> hashes, SignedNote checkpoint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (oldRoot.Length != MerkleProofs.HashSize) throw new ArgumentException("A root hash has 32 bytes.", nameof(oldRoot));
        _hashes = [.. hashes.Select(h => h is { Length: MerkleProofs.HashSize } ? (byte[])h.Clone() : throw new ArgumentException("Each proof hash has 32 bytes.", nameof(hashes)))];
        if (!CheckpointBody.TryParse(checkpoint.Text, out var body, out var problem))
            throw new ArgumentException($"The note is not a checkpoint: {problem}.", nameof(checkpoint));
        if (oldSize > body.Size) throw new ArgumentException($"The older size {oldSize} is above the checkpoint's {body.Size}.", nameof(oldSize));
        OldSize = oldSize;
        _oldRoot = oldRoot.ToArray();
        Note = checkpoint;
        Checkpoint = body;
    }

    public long OldSize { get; }

    public ReadOnlySpan<byte> OldRoot => _oldRoot;

    /// <summary>The older checkpoint the proof starts from (size and hex root).</summary>
    public Checkpoint Old => new(OldSize, Convert.ToHexStringLower(_oldRoot));

    public IReadOnlyList<byte[]> Hashes => [.. _hashes.Select(h => (byte[])h.Clone())];

    /// <summary>The newer checkpoint's signed note.</summary>
    public SignedNote Note { get; }

    public CheckpointBody Checkpoint { get; }

    /// <summary>Whether the hashes prove the old tree a prefix of the signed one (RFC 9162 §2.1.4.2); signatures are checked by <see cref="Verify"/>.</summary>
    public bool ProvesConsistency => MerkleProofs.VerifyConsistency(OldSize, Checkpoint.Size, _oldRoot, Checkpoint.Root, _hashes);

    /// <summary>The signed checkpoint is the log's (a key named as its origin signed it, no known signature fails), and the proof holds.</summary>
    public string? Verify(IEnumerable<NoteVerifierKey> keys)
    {
        var signatures = Note.Verify(keys);
        if (signatures.Failed.Count > 0) return signatures.Problem;
        if (!signatures.Verified.Any(k => k.SignatureType == NoteVerifierKey.Ed25519Type && k.Name == Checkpoint.Origin))
            return $"no log key for origin '{Checkpoint.Origin}' signed the checkpoint";
        return ProvesConsistency ? null : $"the proof does not show {Old} to be a prefix of {Checkpoint.ToCheckpoint()}";
    }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ConsistencyProof? proof, [NotNullWhen(false)] out string? problem)
    {
        proof = null;
        if (text is null) { problem = "the file is empty"; return false; }
        var lines = text.Split('\n');
        if (lines.Length < 4 || lines[0] != Header) { problem = $"the first line is not '{Header}'"; return false; }
        var old = lines[1].Split(' ');
        if (old.Length != 3 || old[0] != "old" || !long.TryParse(old[1], NumberStyles.None, CultureInfo.InvariantCulture, out var oldSize)
            || (old[1].Length > 1 && old[1][0] == '0') || !NoteRules.TryDecodeBase64(old[2], out var oldRoot) || oldRoot.Length != MerkleProofs.HashSize)
        {
            problem = "the second line is not 'old <size> <base64 root>'";
            return false;
        }
        var hashes = new List<byte[]>();
        int i = 2;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            if (!NoteRules.TryDecodeBase64(lines[i], out var hash) || hash.Length != MerkleProofs.HashSize) { problem = $"line {i + 1} is not a base64 hash"; return false; }
            hashes.Add(hash);
        }
        if (i >= lines.Length) { problem = "no blank line before the signed checkpoint"; return false; }
        var note = string.Join('\n', lines[(i + 1)..]);
        if (!SignedNote.TryParse(note, out var signed, out var noteProblem)) { problem = $"the signed checkpoint: {noteProblem}"; return false; }
        try
        {
            proof = new ConsistencyProof(oldSize, oldRoot, hashes, signed);
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
            return false;
        }
        problem = null;
        return true;
    }

    public string Format()
    {
        var text = new StringBuilder(Header).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"old {OldSize} {Convert.ToBase64String(_oldRoot)}\n");
        foreach (var hash in _hashes) text.Append(Convert.ToBase64String(hash)).Append('\n');
        return text.Append('\n').Append(Note).ToString();
    }

    public override string ToString() => Format();
}
