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
    internal sealed record PreparedData(string Type, byte[] Canonical, JsonElement Element);

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

        // Properties in JCS order: at, data, key, prev, seq, stream, type, v.
        var buffer = new ArrayBufferWriter<byte>(data.Canonical.Length + 320);
        buffer.Write(SignedEvent.DomainPrefix);
        Write(buffer, "{\"at\":\"");
        Write(buffer, at.ToString());
        Write(buffer, "\",\"data\":");
        buffer.Write(data.Canonical);
        Write(buffer, ",\"key\":\"");
        Write(buffer, key.Value);
        Write(buffer, prev is { } p ? $"\",\"prev\":\"{p.Hex}\",\"seq\":" : "\",\"prev\":null,\"seq\":");
        Write(buffer, seq.ToString(CultureInfo.InvariantCulture));
        Write(buffer, ",\"stream\":\"");
        Write(buffer, stream.Value);
        Write(buffer, "\",\"type\":");
        CanonicalJson.WriteString(data.Type, buffer);
        Write(buffer, ",\"v\":1}");
        SignedBytes = buffer.WrittenSpan.ToArray();
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
