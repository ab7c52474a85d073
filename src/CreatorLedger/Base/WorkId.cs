using System.Diagnostics.CodeAnalysis;

namespace CreatorLedger.Base;

/// <summary>
/// A work, named by the digest of its bytes: <c>sha256:</c> and 64 lowercase hex digits. Held as the 32 bytes:
/// a dataset check handles millions of digests and prints few.
/// </summary>
public readonly record struct WorkId
{
    private const string Prefix = "sha256:";
    /// <summary>The length of <see cref="Value"/>: the prefix and 64 hex digits.</summary>
    internal const int TextLength = 7 + 64;

    private readonly Hash256 _hash;
    private readonly bool _initialized;

    private WorkId(Hash256 hash)
    {
        _hash = hash;
        _initialized = true;
    }

    public string Value => _initialized ? Prefix + _hash.ToHex() : throw new InvalidOperationException("An uninitialized WorkId has no value.");

    internal Hash256 Hash => _hash;

    public static WorkId FromHash(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != 32) throw new ArgumentException("A SHA-256 hash has 32 bytes.", nameof(sha256));
        return new WorkId(Hash256.FromBytes(sha256));
    }

    internal static WorkId FromHash(Hash256 hash) => new(hash);

    public byte[] ToBytes() => _hash.ToBytes();

    public static WorkId Parse(string text) =>
        TryParse(text, out var id) ? id : throw Error.Argument_NotAWorkDigest(nameof(text), text);

    /// <summary>Accepts <c>sha256:&lt;hex&gt;</c>; bare hex and uppercase are accepted and normalised, as users paste both.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out WorkId id)
    {
        id = default;
        return text is not null && TryParse(text.AsSpan(), out id);
    }

    /// <summary>The same, on text a dataset holds (a Parquet column's values), without a string for each.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out WorkId id)
    {
        id = default;
        var hex = text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? text[Prefix.Length..] : text;
        if (hex.Length != 64) return false;
        // One pass that checks and decodes (any case): a dataset check parses millions of these.
        Span<byte> bytes = stackalloc byte[32];
        if (Convert.FromHexString(hex, bytes, out _, out int written) != System.Buffers.OperationStatus.Done || written != 32) return false;
        id = new WorkId(Hash256.FromBytes(bytes));
        return true;
    }

    /// <summary>Strict form only, as envelopes must carry it.</summary>
    public static bool TryParseExact([NotNullWhen(true)] string? text, out WorkId id)
    {
        id = default;
        if (text is null || text.Length != Prefix.Length + 64 || !text.StartsWith(Prefix, StringComparison.Ordinal) || !IsHex(text.AsSpan(Prefix.Length), lowercaseOnly: true))
            return false;
        id = new WorkId(Hash256.FromHex(text.AsSpan(Prefix.Length)));
        return true;
    }

    private static bool IsHex(ReadOnlySpan<char> text, bool lowercaseOnly)
    {
        foreach (var c in text)
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'f' || (!lowercaseOnly && c is >= 'A' and <= 'F'))) return false;
        return true;
    }

    public bool Equals(WorkId other) => _initialized == other._initialized && _hash == other._hash;

    public override int GetHashCode() => _hash.GetHashCode();

    public override string ToString() => _initialized ? Value : string.Empty;
}
