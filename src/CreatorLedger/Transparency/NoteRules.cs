using System.Text;
using NSec.Cryptography;

namespace CreatorLedger.Transparency;

/// <summary>The character, name and base64 rules the C2SP note formats share, and Ed25519 verification of raw keys.</summary>
internal static class NoteRules
{
    /// <summary>Strict UTF-8: a note with invalid bytes is refused, not repaired (repairing would change what was signed).</summary>
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Why <paramref name="name"/> cannot be a key name (signed-note: non-empty, no Unicode space, no '+'), or null.</summary>
    public static string? KeyNameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "the key name is empty";
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c)) return $"the key name '{name}' contains a space";
            if (c == '+') return $"the key name '{name}' contains '+'";
            if (c < 0x20 || c == 0x7f) return $"the key name '{name}' contains a control character";
        }
        return IsValidUnicode(name) ? null : "the key name is not valid Unicode";
    }

    /// <summary>Why <paramref name="text"/> cannot be signed note text (ends in newline, no control character but newline), or null.</summary>
    public static string? TextProblem(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "the text is empty";
        if (text[^1] != '\n') return "the text does not end in a newline";
        return CharactersProblem(text);
    }

    /// <summary>signed-note: valid UTF-8 and no ASCII control character other than newline.</summary>
    public static string? CharactersProblem(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x20 && c != '\n') return $"control character U+{(int)c:X4} at offset {i}";
        }
        return IsValidUnicode(text) ? null : "not valid Unicode (a lone surrogate)";
    }

    public static bool IsValidUnicode(string text)
    {
        try
        {
            _ = Utf8.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>
    /// Standard base64 (RFC 4648 §4) in its one canonical spelling: padding as required, no whitespace, zero pad bits.
    /// Canonical only, so a parsed text formats back to the same bytes.
    /// </summary>
    public static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 != 0) return false;
        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written)) return false;
        var decoded = buffer.AsSpan(0, written).ToArray();
        if (!string.Equals(Convert.ToBase64String(decoded), text, StringComparison.Ordinal)) return false;
        bytes = decoded;
        return true;
    }

    /// <summary>Ed25519 verification with a raw 32-byte key; false (never an exception) for a bad key or signature.</summary>
    public static bool VerifyEd25519(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64) return false;
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null) return false;
        return SignatureAlgorithm.Ed25519.Verify(key, data, signature);
    }

    /// <summary>ASCII decimal with no leading zero (except "0" itself), as the size, index and time lines are written.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<char> text, ulong max, out ulong value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 20 || (text.Length > 1 && text[0] == '0')) return false;
        foreach (var c in text)
        {
            if (c is < '0' or > '9') return false;
            var digit = (ulong)(c - '0');
            if (value > (max - digit) / 10) return false;
            value = value * 10 + digit;
        }
        return true;
    }
}
