using System.Buffers.Binary;

namespace CreatorLedger.Base;

/// <summary>
/// A SHA-256 value as four machine words: how event ids are held, and how the projection keys a million works without
/// a 71-character string each (a string costs about 170 bytes; this costs 32). Blittable, so snapshots copy it whole.
/// </summary>
internal readonly record struct Hash256(ulong A, ulong B, ulong C, ulong D) : IComparable<Hash256>
{
    public static Hash256 Of(WorkId work) => work.Hash;

    public static Hash256 Of(EventId id) => id.Hash;

    public WorkId ToWorkId() => WorkId.FromHash(this);

    public EventId ToEventId() => EventId.FromHash(this);

    public override int GetHashCode() => (int)A ^ (int)(A >> 32);

    /// <summary>Ordinal order of the bytes, which is the order of the lowercase hex (the words are big-endian).</summary>
    public int CompareTo(Hash256 other)
    {
        int c = A.CompareTo(other.A);
        if (c == 0) c = B.CompareTo(other.B);
        if (c == 0) c = C.CompareTo(other.C);
        return c != 0 ? c : D.CompareTo(other.D);
    }

    public static Hash256 FromBytes(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));

    /// <summary>From 64 hex digits the caller has checked.</summary>
    public static Hash256 FromHex(ReadOnlySpan<char> hex)
    {
        Span<byte> bytes = stackalloc byte[32];
        Convert.FromHexString(hex, bytes, out _, out _);
        return FromBytes(bytes);
    }

    public void WriteTo(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64BigEndian(bytes, A);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], D);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[32];
        WriteTo(bytes);
        return bytes;
    }

    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[32];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
