using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace CreatorLedger.Transparency;

/// <summary>
/// A C2SP tlog-proof (<c>c2sp.org/tlog-proof@v1</c>): optional opaque extra data, a leaf index, its RFC 9162 inclusion proof,
/// a blank line, then the signed checkpoint verbatim. Self-contained: with the leaf hash and trusted keys it verifies offline.
/// </summary>
public sealed class TlogProof
{
    public const string Header = "c2sp.org/tlog-proof@v1";

    /// <summary>An index below 2^63 has at most 63 proof hashes.</summary>
    public const int MaxHashes = 63;

    private readonly byte[][] _hashes;
    private readonly byte[]? _extra;

    public TlogProof(long index, IEnumerable<byte[]> hashes, SignedNote checkpoint, ReadOnlySpan<byte> extra = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentNullException.ThrowIfNull(hashes);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var copies = hashes.Select(h => h is { Length: MerkleProofs.HashSize } ? (byte[])h.Clone() : throw new ArgumentException("Each proof hash has 32 bytes.", nameof(hashes))).ToArray();
        if (copies.Length > MaxHashes) throw new ArgumentException($"An inclusion proof has at most {MaxHashes} hashes.", nameof(hashes));
        if (!CheckpointBody.TryParse(checkpoint.Text, out var body, out var problem))
            throw new ArgumentException($"The note is not a checkpoint: {problem}.", nameof(checkpoint));
        Index = index;
        _hashes = copies;
        Note = checkpoint;
        Checkpoint = body;
        _extra = extra.IsEmpty ? null : extra.ToArray();
    }

    /// <summary>The entry's 0-based index in the log.</summary>
    public long Index { get; }

    /// <summary>The inclusion proof, leaf sibling first (copies: the proof stays as parsed).</summary>
    public IReadOnlyList<byte[]> Hashes => _hashes.Select(h => (byte[])h.Clone()).ToArray();

    /// <summary>The extra data, unauthenticated (never trust it without checking it against the leaf); empty when absent.</summary>
    public ReadOnlySpan<byte> Extra => _extra;

    public bool HasExtra => _extra is not null;

    /// <summary>The signed checkpoint note.</summary>
    public SignedNote Note { get; }

    /// <summary>The note's text as a checkpoint.</summary>
    public CheckpointBody Checkpoint { get; }

    public static TlogProof Parse(string text) =>
        TryParse(text, out var proof, out var problem) ? proof : throw new FormatException($"Not a tlog-proof: {problem}.");

    public static TlogProof Parse(ReadOnlySpan<byte> file) =>
        TryParse(file, out var proof, out var problem) ? proof : throw new FormatException($"Not a tlog-proof: {problem}.");

    public static bool TryParse(ReadOnlySpan<byte> file, [NotNullWhen(true)] out TlogProof? proof, [NotNullWhen(false)] out string? problem)
    {
        string text;
        try
        {
            text = NoteRules.Utf8.GetString(file);
        }
        catch (DecoderFallbackException)
        {
            proof = null;
            problem = "not valid UTF-8";
            return false;
        }
        return TryParse(text, out proof, out problem);
    }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out TlogProof? proof, [NotNullWhen(false)] out string? problem)
    {
        proof = null;
        problem = Read(text ?? "", out var index, out var hashes, out var extra, out var note, out var body);
        if (problem is not null) return false;
        proof = new TlogProof(index, hashes!, note!, extra);
        return true;
    }

    private static string? Read(string text, out long index, out List<byte[]>? hashes, out byte[]? extra, out SignedNote? note, out CheckpointBody? body)
    {
        index = 0;
        hashes = null;
        extra = null;
        note = null;
        body = null;
        var position = 0;
        string? NextLine()
        {
            var end = text.IndexOf('\n', position);
            if (end < 0) return null;
            var line = text[position..end];
            position = end + 1;
            return line;
        }

        if (NextLine() != Header) return $"the first line is not {Header}";
        var next = NextLine();
        if (next is not null && next.StartsWith("extra ", StringComparison.Ordinal))
        {
            // An absent extra omits the line, so an empty one could not be written back as it was read.
            if (!NoteRules.TryDecodeBase64(next["extra ".Length..], out var data)) return "the extra line is not non-empty canonical base64";
            extra = data;
            next = NextLine();
        }
        if (next is null || !next.StartsWith("index ", StringComparison.Ordinal)) return "no 'index <n>' line";
        if (!NoteRules.TryParseDecimal(next.AsSpan("index ".Length), long.MaxValue, out var value))
            return $"'{next}' is not an index without leading zeroes";
        index = (long)value;
        hashes = [];
        while (true)
        {
            var line = NextLine();
            if (line is null) return "no blank line before the checkpoint";
            if (line.Length == 0) break;
            if (hashes.Count == MaxHashes) return $"more than {MaxHashes} proof hashes";
            if (!NoteRules.TryDecodeBase64(line, out var hash) || hash.Length != MerkleProofs.HashSize)
                return $"proof line {hashes.Count + 1} is not the canonical base64 of a 32-byte hash";
            hashes.Add(hash);
        }
        if (!SignedNote.TryParse(text[position..], out note, out var noteProblem)) return $"the checkpoint note: {noteProblem}";
        if (!CheckpointBody.TryParse(note.Text, out body, out var bodyProblem)) return $"the checkpoint: {bodyProblem}";
        return null;
    }

    /// <summary>The proof's exact text.</summary>
    public string Format()
    {
        var builder = new StringBuilder(Header).Append('\n');
        if (_extra is not null) builder.Append("extra ").Append(Convert.ToBase64String(_extra)).Append('\n');
        builder.Append("index ").Append(Index.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var hash in _hashes) builder.Append(Convert.ToBase64String(hash)).Append('\n');
        return builder.Append('\n').Append(Note.ToString()).ToString();
    }

    public override string ToString() => Format();

    public byte[] ToBytes() => NoteRules.Utf8.GetBytes(Format());

    /// <summary>
    /// tlog-proof's steps 2 and 4: the checkpoint is signed by a given log key named as its origin (and no known signature
    /// fails), and the proof binds <paramref name="leafHash"/> at <see cref="Index"/> to its root. Witnesses are not counted
    /// here; pass a <see cref="TrustPolicy"/> for that.
    /// </summary>
    public TlogProofVerification Verify(ReadOnlySpan<byte> leafHash, IEnumerable<NoteVerifierKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var signatures = Note.Verify(keys);
        return new TlogProofVerification(signatures, LogProblem(signatures) ?? InclusionProblem(leafHash));
    }

    /// <summary>All of tlog-proof's steps under a policy: a trusted log key for the origin, the witness quorum, inclusion.</summary>
    public TlogProofVerification Verify(ReadOnlySpan<byte> leafHash, TrustPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var logKeys = policy.LogKeysFor(Checkpoint.Origin);
        var signatures = Note.Verify([.. logKeys, .. policy.WitnessKeys]);
        var problem = logKeys.Count == 0 ? $"the policy trusts no log with origin '{Checkpoint.Origin}'" : LogProblem(signatures);
        if (problem is null && !policy.IsQuorumMet(signatures.Verified)) problem = "the witness cosignatures do not meet the policy's quorum";
        return new TlogProofVerification(signatures, problem ?? InclusionProblem(leafHash));
    }

    private string? LogProblem(NoteVerification signatures)
    {
        if (signatures.Failed.Count > 0) return signatures.Problem;
        if (!signatures.Verified.Any(k => k.SignatureType == NoteVerifierKey.Ed25519Type && string.Equals(k.Name, Checkpoint.Origin, StringComparison.Ordinal)))
            return $"no log key for origin '{Checkpoint.Origin}' signed the checkpoint";
        return null;
    }

    private string? InclusionProblem(ReadOnlySpan<byte> leafHash) =>
        MerkleProofs.VerifyInclusion(Index, Checkpoint.Size, leafHash, _hashes, Checkpoint.Root)
            ? null
            : $"the inclusion proof does not bind the leaf at index {Index} to the root of the tree of size {Checkpoint.Size}";
}
