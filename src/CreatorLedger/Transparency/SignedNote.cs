using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace CreatorLedger.Transparency;

/// <summary>
/// A C2SP signed note: text ending in a newline, a blank line, then one or more signature lines. Parsing is strict, so
/// <see cref="ToString"/> gives back the exact bytes parsed. The text means nothing until <see cref="Verify"/> says so.
/// </summary>
public sealed class SignedNote
{
    /// <summary>The most signatures a note may carry (the spec asks verifiers for a limit of at least 16).</summary>
    public const int MaxSignatures = 100;

    private const string CosignaturePrefix = "cosignature/v1\ntime ";

    private readonly NoteSignature[] _signatures;

    private SignedNote(string text, NoteSignature[] signatures)
    {
        Text = text;
        _signatures = signatures;
    }

    /// <summary>The signed text, final newline included, separating blank line excluded.</summary>
    public string Text { get; }

    public IReadOnlyList<NoteSignature> Signatures => _signatures;

    /// <summary>A note of <paramref name="text"/> with the given signature lines, in order.</summary>
    public static SignedNote Create(string text, params IEnumerable<NoteSignature> signatures)
    {
        if (NoteRules.TextProblem(text) is { } problem) throw new ArgumentException($"Not note text: {problem}.", nameof(text));
        ArgumentNullException.ThrowIfNull(signatures);
        var array = signatures.ToArray();
        if (array.Length == 0) throw new ArgumentException("A signed note has at least one signature.", nameof(signatures));
        if (array.Length > MaxSignatures) throw new ArgumentException($"A signed note has at most {MaxSignatures} signatures.", nameof(signatures));
        if (array.Any(s => s is null)) throw new ArgumentNullException(nameof(signatures));
        return new SignedNote(text, array);
    }

    /// <summary>This note with one more signature line at the end.</summary>
    public SignedNote WithSignature(NoteSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (_signatures.Length >= MaxSignatures) throw new InvalidOperationException($"A signed note has at most {MaxSignatures} signatures.");
        return new SignedNote(Text, [.. _signatures, signature]);
    }

    public static SignedNote Parse(string message) =>
        TryParse(message, out var note, out var problem) ? note : throw new FormatException($"Not a signed note: {problem}.");

    public static SignedNote Parse(ReadOnlySpan<byte> message) =>
        TryParse(message, out var note, out var problem) ? note : throw new FormatException($"Not a signed note: {problem}.");

    public static bool TryParse(ReadOnlySpan<byte> message, [NotNullWhen(true)] out SignedNote? note, [NotNullWhen(false)] out string? problem)
    {
        string text;
        try
        {
            text = NoteRules.Utf8.GetString(message);
        }
        catch (DecoderFallbackException)
        {
            note = null;
            problem = "not valid UTF-8";
            return false;
        }
        return TryParse(text, out note, out problem);
    }

    public static bool TryParse([NotNullWhen(true)] string? message, [NotNullWhen(true)] out SignedNote? note, [NotNullWhen(false)] out string? problem)
    {
        note = null;
        if (string.IsNullOrEmpty(message))
        {
            problem = "the note is empty";
            return false;
        }
        if (NoteRules.CharactersProblem(message) is { } characters)
        {
            problem = characters;
            return false;
        }
        if (message[^1] != '\n')
        {
            problem = "the note does not end in a newline";
            return false;
        }
        // The text may hold blank lines itself: the last blank line is the one before the signatures.
        var split = message.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            problem = "no blank line between the text and the signatures";
            return false;
        }
        var lines = message[(split + 2)..^0].Split('\n');
        var count = lines.Length - 1; // the part ends in a newline, so the last piece is empty
        if (count == 0)
        {
            problem = "no signature lines";
            return false;
        }
        if (count > MaxSignatures)
        {
            problem = $"more than {MaxSignatures} signatures";
            return false;
        }
        var signatures = new NoteSignature[count];
        for (int i = 0; i < count; i++)
        {
            if (!NoteSignature.TryParse(lines[i], out var signature, out var lineProblem))
            {
                problem = $"signature line {i + 1}: {lineProblem}";
                return false;
            }
            signatures[i] = signature;
        }
        note = new SignedNote(message[..(split + 1)], signatures);
        problem = null;
        return true;
    }

    /// <summary>
    /// Checks every signature whose name and key id match a known key; ignores the rest. Types 0x01 (over the text) and
    /// 0x04 (cosignature/v1 over "cosignature/v1\ntime &lt;t&gt;\n" and the text) are checked. Never throws for a bad signature.
    /// </summary>
    public NoteVerification Verify(IEnumerable<NoteVerifierKey> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var keys = known.Distinct().ToArray();
        var textBytes = NoteRules.Utf8.GetBytes(Text);
        var verified = new List<NoteVerifierKey>();
        var failed = new List<NoteVerifierKey>();
        var unknown = new List<NoteSignature>();
        foreach (var signature in _signatures)
        {
            var matches = keys.Where(k => k.KeyId == signature.KeyId && string.Equals(k.Name, signature.Name, StringComparison.Ordinal)).ToArray();
            if (matches.Length == 0)
            {
                unknown.Add(signature);
                continue;
            }
            var good = matches.FirstOrDefault(k => Verifies(k, signature.Signature, textBytes));
            if (good is not null)
            {
                if (!verified.Contains(good)) verified.Add(good);
            }
            else
            {
                foreach (var key in matches)
                    if (!failed.Contains(key)) failed.Add(key);
            }
        }
        return new NoteVerification(verified, failed, unknown);
    }

    internal static bool Verifies(NoteVerifierKey key, ReadOnlySpan<byte> signature, byte[] textBytes)
    {
        switch (key.SignatureType)
        {
            case NoteVerifierKey.Ed25519Type:
                return NoteRules.VerifyEd25519(key.PublicKey, textBytes, signature);
            case NoteVerifierKey.CosignatureV1Type:
                if (signature.Length != 8 + 64) return false;
                var timestamp = BinaryPrimitives.ReadUInt64BigEndian(signature);
                if (timestamp > Cosignature.MaxTimestamp) return false;
                return NoteRules.VerifyEd25519(key.PublicKey, CosignedMessage(textBytes, timestamp), signature[8..]);
            default:
                return false;
        }
    }

    /// <summary>tlog-cosignature/v1's signed message: "cosignature/v1\ntime &lt;t&gt;\n" then the checkpoint body.</summary>
    internal static byte[] CosignedMessage(ReadOnlySpan<byte> body, ulong timestamp)
    {
        var header = Encoding.ASCII.GetBytes(CosignaturePrefix + timestamp.ToString(CultureInfo.InvariantCulture) + "\n");
        var message = new byte[header.Length + body.Length];
        header.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(header.Length));
        return message;
    }

    /// <summary>The note's exact text: the text, a blank line, the signature lines.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Text).Append('\n');
        foreach (var signature in _signatures) builder.Append(signature.ToString());
        return builder.ToString();
    }

    public byte[] ToBytes() => NoteRules.Utf8.GetBytes(ToString());
}
