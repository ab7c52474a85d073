using System.Diagnostics.CodeAnalysis;

namespace CreatorLedger.Events;

/// <summary>A work, named by the digest of its bytes: <c>sha256:</c> and 64 lowercase hex digits.</summary>
public readonly record struct WorkId
{
    private const string Prefix = "sha256:";
    private readonly string? _value;

    private WorkId(string value) => _value = value;

    public string Value => _value ?? throw new InvalidOperationException("An uninitialized WorkId has no value.");

    public static WorkId FromHash(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != 32) throw new ArgumentException("A SHA-256 hash has 32 bytes.", nameof(sha256));
        return new WorkId(Prefix + Convert.ToHexStringLower(sha256));
    }

    public static WorkId Parse(string text) =>
        TryParse(text, out var id) ? id : throw Error.Argument_NotAWorkDigest(nameof(text), text);

    /// <summary>Accepts <c>sha256:&lt;hex&gt;</c>; bare hex and uppercase are accepted and normalised, as users paste both.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out WorkId id)
    {
        id = default;
        if (text is null) return false;
        var hex = text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? text[Prefix.Length..] : text;
        hex = hex.ToLowerInvariant();
        if (!Hex64.IsLowercaseHex(hex, 64)) return false;
        id = new WorkId(Prefix + hex);
        return true;
    }

    /// <summary>Strict form only, as envelopes must carry it.</summary>
    public static bool TryParseExact([NotNullWhen(true)] string? text, out WorkId id)
    {
        id = default;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || !Hex64.IsLowercaseHex(text[Prefix.Length..], 64)) return false;
        id = new WorkId(text);
        return true;
    }

    public override string ToString() => _value ?? string.Empty;
}
