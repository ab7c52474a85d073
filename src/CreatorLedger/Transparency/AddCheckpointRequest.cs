using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace CreatorLedger.Transparency;

/// <summary>
/// The body of a C2SP tlog-witness <c>add-checkpoint</c> request: <c>old &lt;size&gt;</c>, at most 63 base64 consistency proof
/// hashes, a blank line, then the signed checkpoint note; every line ends in a newline. The client formats it, the witness
/// parses it, so the wire format lives in one place.
/// </summary>
public sealed class AddCheckpointRequest
{
    /// <summary>tlog-witness: a client MUST NOT send more than 63 consistency proof lines.</summary>
    public const int MaxProofLines = 63;

    private const string OldPrefix = "old ";

    private readonly byte[][] _proof;

    private AddCheckpointRequest(long oldSize, byte[][] proof, SignedNote note, CheckpointBody checkpoint)
    {
        OldSize = oldSize;
        _proof = proof;
        Note = note;
        Checkpoint = checkpoint;
    }

    /// <summary>The size of the checkpoint the client believes the witness holds (0 when it believes none).</summary>
    public long OldSize { get; }

    /// <summary>The RFC 6962 consistency proof from <see cref="OldSize"/> to the checkpoint's size, 32-byte hashes.</summary>
    public IReadOnlyList<byte[]> ConsistencyProof => _proof;

    /// <summary>The submitted checkpoint with all its signature lines, as sent.</summary>
    public SignedNote Note { get; }

    /// <summary>The note's text read as a checkpoint.</summary>
    public CheckpointBody Checkpoint { get; }

    public static AddCheckpointRequest Create(long oldSize, IReadOnlyList<byte[]> consistencyProof, SignedNote note)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentNullException.ThrowIfNull(consistencyProof);
        ArgumentNullException.ThrowIfNull(note);
        if (consistencyProof.Count > MaxProofLines)
            throw new ArgumentException($"A consistency proof has at most {MaxProofLines} hashes.", nameof(consistencyProof));
        foreach (var hash in consistencyProof)
            if (hash is null || hash.Length != MerkleProofs.HashSize)
                throw new ArgumentException("Every consistency proof hash has 32 bytes.", nameof(consistencyProof));
        if (!CheckpointBody.TryParse(note.Text, out var checkpoint, out var problem))
            throw new ArgumentException($"The note is not a checkpoint: {problem}.", nameof(note));
        return new AddCheckpointRequest(oldSize, consistencyProof.Select(h => (byte[])h.Clone()).ToArray(), note, checkpoint);
    }

    /// <summary>Reads a request body strictly; <paramref name="problem"/> says what is malformed (a witness answers 400).</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, [NotNullWhen(true)] out AddCheckpointRequest? request, [NotNullWhen(false)] out string? problem)
    {
        request = null;
        // The old size and proof lines hold no empty line, so the first blank line ends them; the note may hold others.
        var split = body.IndexOf("\n\n"u8);
        if (split < 0)
        {
            problem = "no blank line after the old size and proof lines";
            return false;
        }
        string header;
        try
        {
            header = NoteRules.Utf8.GetString(body[..(split + 1)]);
        }
        catch (DecoderFallbackException)
        {
            problem = "the old size and proof lines are not UTF-8";
            return false;
        }
        var lines = header[..^1].Split('\n');
        if (!lines[0].StartsWith(OldPrefix, StringComparison.Ordinal) ||
            !NoteRules.TryParseDecimal(lines[0].AsSpan(OldPrefix.Length), long.MaxValue, out var oldSize))
        {
            problem = "the first line is not 'old <size>' (decimal, no leading zeroes)";
            return false;
        }
        if (lines.Length - 1 > MaxProofLines)
        {
            problem = $"more than {MaxProofLines} consistency proof lines";
            return false;
        }
        var proof = new byte[lines.Length - 1][];
        for (int i = 1; i < lines.Length; i++)
        {
            if (!NoteRules.TryDecodeBase64(lines[i], out var hash) || hash.Length != MerkleProofs.HashSize)
            {
                problem = $"consistency proof line {i} is not the base64 of a 32-byte hash";
                return false;
            }
            proof[i - 1] = hash;
        }
        if (!SignedNote.TryParse(body[(split + 2)..], out var note, out var noteProblem))
        {
            problem = $"the checkpoint is not a signed note: {noteProblem}";
            return false;
        }
        if (!CheckpointBody.TryParse(note.Text, out var checkpoint, out var checkpointProblem))
        {
            problem = $"the note is not a checkpoint: {checkpointProblem}";
            return false;
        }
        request = new AddCheckpointRequest((long)oldSize, proof, note, checkpoint);
        problem = null;
        return true;
    }

    /// <summary>The request body as sent.</summary>
    public string Format()
    {
        var builder = new StringBuilder(OldPrefix).Append(OldSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var hash in _proof) builder.Append(Convert.ToBase64String(hash)).Append('\n');
        return builder.Append('\n').Append(Note.ToString()).ToString();
    }

    public byte[] ToBytes() => NoteRules.Utf8.GetBytes(Format());
}
