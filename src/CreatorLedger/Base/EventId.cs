using System.Diagnostics.CodeAnalysis;

namespace CreatorLedger.Base;

/// <summary>
/// An event's id: the SHA-256 of its signed bytes, written as 64 lowercase hex digits. Held as the 32 bytes, not the
/// text: a replay handles millions of ids and prints few.
/// </summary>
public readonly record struct EventId
{
    private readonly Hash256 _hash;
    private readonly bool _initialized;

    private EventId(Hash256 hash)
    {
        _hash = hash;
        _initialized = true;
    }

    public string Hex => _initialized ? _hash.ToHex() : throw new InvalidOperationException("An uninitialized EventId has no value.");

    internal Hash256 Hash => _hash;

    public static EventId FromHash(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != 32) throw new ArgumentException("A SHA-256 hash has 32 bytes.", nameof(sha256));
        return new EventId(Hash256.FromBytes(sha256));
    }

    internal static EventId FromHash(Hash256 hash) => new(hash);

    public byte[] ToBytes() => _hash.ToBytes();

    public void WriteTo(Span<byte> destination) => _hash.WriteTo(destination);

    public static EventId Parse(string text) =>
        TryParse(text, out var id) ? id : throw Error.Argument_NotAnEventId(nameof(text), text);

    public static bool TryParse([NotNullWhen(true)] string? text, out EventId id)
    {
        id = default;
        if (!Hex64.IsLowercaseHex(text, 64)) return false;
        id = new EventId(Hash256.FromHex(text));
        return true;
    }

    public bool Equals(EventId other) => _initialized == other._initialized && _hash == other._hash;

    public override int GetHashCode() => _hash.GetHashCode();

    public override string ToString() => _initialized ? Hex : string.Empty;
}
