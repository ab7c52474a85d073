using System.Diagnostics.CodeAnalysis;

namespace CreatorLedger.Events;

/// <summary>An event's id: the SHA-256 of its signed bytes, written as 64 lowercase hex digits.</summary>
public readonly record struct EventId
{
    private readonly string? _hex;

    private EventId(string hex) => _hex = hex;

    public string Hex => _hex ?? throw new InvalidOperationException("An uninitialized EventId has no value.");

    public static EventId FromHash(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != 32) throw new ArgumentException("A SHA-256 hash has 32 bytes.", nameof(sha256));
        return new EventId(Convert.ToHexStringLower(sha256));
    }

    public byte[] ToBytes() => Convert.FromHexString(Hex);

    public static EventId Parse(string text) =>
        TryParse(text, out var id) ? id : throw Error.Argument_NotAnEventId(nameof(text), text);

    public static bool TryParse([NotNullWhen(true)] string? text, out EventId id)
    {
        id = default;
        if (!Hex64.IsLowercaseHex(text, 64)) return false;
        id = new EventId(text);
        return true;
    }

    public override string ToString() => _hex ?? string.Empty;
}
