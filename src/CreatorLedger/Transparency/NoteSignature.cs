using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace CreatorLedger.Transparency;

/// <summary>
/// One signed-note signature line, <c>— &lt;key name&gt; base64(key id ‖ signature)</c>. It holds no verdict: which key it is
/// and whether it verifies is <see cref="SignedNote.Verify"/>'s business.
/// </summary>
public sealed class NoteSignature
{
    /// <summary>Em dash (U+2014) and space: how every signature line starts.</summary>
    public const string LinePrefix = "\u2014 ";

    private readonly byte[] _signature;

    public NoteSignature(string name, uint keyId, ReadOnlySpan<byte> signature)
    {
        if (NoteRules.KeyNameProblem(name) is { } problem) throw new ArgumentException($"Not a key name: {problem}.", nameof(name));
        if (signature.IsEmpty) throw new ArgumentException("A signature has at least one byte.", nameof(signature));
        Name = name;
        KeyId = keyId;
        _signature = signature.ToArray();
    }

    public string Name { get; }

    public uint KeyId { get; }

    /// <summary>The bytes after the key id: for type 0x01 the Ed25519 signature, for 0x04 the timestamp and the signature.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    public static NoteSignature Parse(string line) =>
        TryParse(line, out var signature, out var problem) ? signature : throw new FormatException($"Not a signature line: {problem}.");

    /// <summary>Parses one line, with or without its final newline.</summary>
    public static bool TryParse([NotNullWhen(true)] string? line, [NotNullWhen(true)] out NoteSignature? signature, [NotNullWhen(false)] out string? problem)
    {
        signature = null;
        if (line is null)
        {
            problem = "no text";
            return false;
        }
        if (line.EndsWith('\n')) line = line[..^1];
        if (line.Contains('\n'))
        {
            problem = "more than one line";
            return false;
        }
        if (!line.StartsWith(LinePrefix, StringComparison.Ordinal))
        {
            problem = "it does not start with an em dash (U+2014) and a space";
            return false;
        }
        var space = line.IndexOf(' ', LinePrefix.Length);
        if (space < 0)
        {
            problem = "no space between the key name and the signature";
            return false;
        }
        var name = line[LinePrefix.Length..space];
        if (NoteRules.KeyNameProblem(name) is { } nameProblem)
        {
            problem = nameProblem;
            return false;
        }
        if (!NoteRules.TryDecodeBase64(line[(space + 1)..], out var bytes))
        {
            problem = "the signature is not canonical base64";
            return false;
        }
        if (bytes.Length < 5)
        {
            problem = "the signature is shorter than a key id and one byte";
            return false;
        }
        signature = new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes.AsSpan(4));
        problem = null;
        return true;
    }

    /// <summary>key id (big-endian) ‖ signature: what the line's base64 encodes.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[4 + _signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, KeyId);
        _signature.CopyTo(bytes, 4);
        return bytes;
    }

    /// <summary>The line as it is appended to a note, final newline included (signed-note defines the line with it).</summary>
    public override string ToString() => LinePrefix + Name + " " + Convert.ToBase64String(ToBytes()) + "\n";
}
