using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CreatorLedger.Identity;

namespace CreatorLedger.Events;

/// <summary>
/// An envelope with every field but <c>sig</c>: its id and signed bytes are already fixed. The envelope is written
/// directly in its RFC 8785 form (so the stored bytes are the canonical form plus <c>sig</c>); the only costly part,
/// the canonical form of the data, can be prepared ahead and in parallel with <see cref="Prepare"/>.
/// </summary>
public sealed class UnsignedEnvelope
{
    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A draft's data in canonical form, with its parsed value (the signed event's <see cref="SignedEvent.Data"/>).</summary>
    internal sealed record PreparedData(string Type, ReadOnlyMemory<byte> Canonical, JsonElement Element);

    public UnsignedEnvelope(IdentityId stream, long seq, EventId? prev, EventDraft draft, LedgerTime at, IdentityId key)
        : this(stream, seq, prev, Prepare(draft), at, key)
    {
    }

    internal UnsignedEnvelope(IdentityId stream, long seq, EventId? prev, PreparedData data, LedgerTime at, IdentityId key)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seq, 1);
        if ((seq == 1) != (prev is null)) throw new ArgumentException("Only seq 1 has no prev.", nameof(prev));
        Stream = stream;
        Seq = seq;
        Prev = prev;
        Type = data.Type;
        At = at;
        Key = key;
        Data = data.Element;

        // Properties in JCS order: at, data, key, prev, seq, stream, type, v. What comes before and after the data is
        // written apart, and the data (up to a megabyte) copied once into an array of the exact size.
        var head = new ArrayBufferWriter<byte>(64);
        head.Write(SignedEvent.DomainPrefix);
        Write(head, "{\"at\":\"");
        Write(head, at.ToString());
        Write(head, "\",\"data\":");
        var tail = new ArrayBufferWriter<byte>(320);
        Write(tail, ",\"key\":\"");
        Write(tail, key.Value);
        Write(tail, prev is { } p ? $"\",\"prev\":\"{p.Hex}\",\"seq\":" : "\",\"prev\":null,\"seq\":");
        Write(tail, seq.ToString(CultureInfo.InvariantCulture));
        Write(tail, ",\"stream\":\"");
        Write(tail, stream.Value);
        Write(tail, "\",\"type\":");
        CanonicalJson.WriteString(data.Type, tail);
        Write(tail, ",\"v\":1}");
        SignedBytes = [.. head.WrittenSpan, .. data.Canonical.Span, .. tail.WrittenSpan];
        Id = EventId.FromHash(SHA256.HashData(SignedBytes));
    }

    public IdentityId Stream { get; }
    public long Seq { get; }
    public EventId? Prev { get; }
    public string Type { get; }
    public LedgerTime At { get; }
    public IdentityId Key { get; }
    public EventId Id { get; }
    public byte[] SignedBytes { get; }

    internal JsonElement Data { get; }

    /// <summary>Canonicalizes a draft's data: independent of the chain, so a batch can prepare its drafts on all cores.</summary>
    internal static PreparedData Prepare(EventDraft draft)
    {
        if (draft.Type.Length is 0 or > 64) throw new ArgumentException("An event type has 1 to 64 characters.", nameof(draft));
        if (draft.CanonicalData is { } canonical) return new PreparedData(draft.Type, canonical, JsonDocument.Parse(canonical).RootElement);
        var text = JsonSerializer.SerializeToUtf8Bytes(draft.Data, Compact);
        var element = JsonDocument.Parse(text).RootElement;
        return new PreparedData(draft.Type, CanonicalJson.Serialize(element), element);
    }

    /// <summary>The envelope as stored: its canonical form with <c>sig</c> added as the last property.</summary>
    internal byte[] WithSignature(string signature)
    {
        var body = SignedBytes.AsSpan(SignedEvent.DomainPrefix.Length);
        return [.. body[..^1], .. Encoding.ASCII.GetBytes($",\"sig\":\"{signature}\"}}")];
    }

    private static void Write(ArrayBufferWriter<byte> buffer, string ascii)
    {
        var span = buffer.GetSpan(ascii.Length);
        int length = Encoding.ASCII.GetBytes(ascii, span);
        buffer.Advance(length);
    }
}
