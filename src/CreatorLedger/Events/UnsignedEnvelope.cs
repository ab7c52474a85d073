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
        : this(stream, seq, prev, Begin(data, at, key))
    {
    }

    /// <summary>Places a <see cref="Begin">begun</see> envelope on its chain; the front is used up.</summary>
    internal UnsignedEnvelope(IdentityId stream, long seq, EventId? prev, Front front)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seq, 1);
        if ((seq == 1) != (prev is null)) throw new ArgumentException("Only seq 1 has no prev.", nameof(prev));
        Stream = stream;
        Seq = seq;
        Prev = prev;
        Type = front.Data.Type;
        At = front.At;
        Key = front.Key;
        Data = front.Data.Element;

        // The data (up to a megabyte) is copied once, into an array of the exact size.
        var tail = new ArrayBufferWriter<byte>(256);
        Write(tail, prev is { } p ? $"\"{p.Hex}\",\"seq\":" : "null,\"seq\":");
        Write(tail, seq.ToString(CultureInfo.InvariantCulture));
        Write(tail, ",\"stream\":\"");
        Write(tail, stream.Value);
        Write(tail, "\",\"type\":");
        CanonicalJson.WriteString(front.Data.Type, tail);
        Write(tail, ",\"v\":1}");
        SignedBytes = Concat(front.Head, front.Data.Canonical.Span, front.Middle, tail.WrittenSpan);
        using (front.Hash)
        {
            front.Hash.AppendData(tail.WrittenSpan);
            Id = EventId.FromHash(front.Hash.GetHashAndReset());
        }
    }

    /// <summary>
    /// An envelope up to its place in the chain: the properties before <c>prev</c> in JCS order (at, data, key),
    /// written and hashed already. They are nearly all of its bytes and depend on no other event, so a batch begins its
    /// envelopes on every core and only the short rest (prev, seq, stream, type, v) is hashed one after the other.
    /// </summary>
    internal sealed record Front(PreparedData Data, LedgerTime At, IdentityId Key, byte[] Head, byte[] Middle, IncrementalHash Hash);

    [ThreadStatic]
    private static IncrementalHash? EmptySha256;

    internal static Front Begin(PreparedData data, LedgerTime at, IdentityId key)
    {
        // Properties in JCS order: at, data, key, prev, seq, stream, type, v. What comes before and after the data is
        // written apart, so that the data is not copied here.
        var head = new ArrayBufferWriter<byte>(64);
        head.Write(SignedEvent.DomainPrefix);
        Write(head, "{\"at\":\"");
        Write(head, at.ToString());
        Write(head, "\",\"data\":");
        var middle = new ArrayBufferWriter<byte>(80);
        Write(middle, ",\"key\":\"");
        Write(middle, key.Value);
        Write(middle, "\",\"prev\":");
        // A copy of an empty hash this thread keeps: creating one from scratch costs several times more than the hashing.
        var hash = (EmptySha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256)).Clone();
        hash.AppendData(head.WrittenSpan);
        hash.AppendData(data.Canonical.Span);
        hash.AppendData(middle.WrittenSpan);
        return new Front(data, at, key, head.WrittenSpan.ToArray(), middle.WrittenSpan.ToArray(), hash);
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
        return Concat(body[..^1], Encoding.ASCII.GetBytes($",\"sig\":\"{signature}\"}}"), [], []);
    }

    // Written out, not as a collection expression: spreading spans into an array compiles to a list grown byte by
    // byte, which was most of the time of the chain step.
    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, ReadOnlySpan<byte> d)
    {
        var bytes = new byte[a.Length + b.Length + c.Length + d.Length];
        a.CopyTo(bytes);
        b.CopyTo(bytes.AsSpan(a.Length));
        c.CopyTo(bytes.AsSpan(a.Length + b.Length));
        d.CopyTo(bytes.AsSpan(a.Length + b.Length + c.Length));
        return bytes;
    }

    private static void Write(ArrayBufferWriter<byte> buffer, string ascii)
    {
        var span = buffer.GetSpan(ascii.Length);
        int length = Encoding.ASCII.GetBytes(ascii, span);
        buffer.Advance(length);
    }
}
