using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using CreatorLedger.Identity;

namespace CreatorLedger.Events;

/// <summary>
/// An envelope as its author signed it (DESIGN §4). <see cref="Bytes"/> are the envelope exactly as written,
/// which is what stores keep and mirrors copy; <see cref="Id"/> is the SHA-256 of the signed bytes
/// (<c>"CreatorLedger/v1\n"</c> + the RFC 8785 form of the envelope without <c>sig</c>).
/// Parsing checks the shape; <see cref="HasValidSignature"/> checks the signature; chains are checked by <c>Ledger.ChainRules</c>.
/// </summary>
public sealed class SignedEvent
{
    public static ReadOnlySpan<byte> DomainPrefix => "CreatorLedger/v1\n"u8;

    private readonly byte[] _signedBytes;
    private readonly byte[] _signature;

    // The data as read, or null until first asked for when it is read from where it lies in the bytes (_dataRange):
    // checking signatures and chains rarely needs it, and a document per event was most of what parsing one cost.
    private StrongBox<JsonElement>? _data;
    private readonly Range _dataRange;

    private SignedEvent(byte[] bytes, byte[] signedBytes, StrongBox<JsonElement>? data, Range dataRange, IdentityId stream, long seq, EventId? prev,
        string type, LedgerTime at, IdentityId key, byte[] signature, EventId? id = null)
    {
        Bytes = bytes;
        _signedBytes = signedBytes;
        Stream = stream;
        Seq = seq;
        Prev = prev;
        Type = type;
        At = at;
        Key = key;
        _data = data;
        _dataRange = dataRange;
        _signature = signature;
        Id = id ?? EventId.FromHash(SHA256.HashData(signedBytes));
    }

    /// <summary>The envelope exactly as written (UTF-8 JSON, no trailing newline).</summary>
    public byte[] Bytes { get; }

    public EventId Id { get; }
    public IdentityId Stream { get; }
    public long Seq { get; }
    public EventId? Prev { get; }
    public string Type { get; }
    public LedgerTime At { get; }

    /// <summary>The key that signed: the stream's current key, or its recovery key for a KeyCompromised.</summary>
    public IdentityId Key { get; }

    /// <summary>The event's data object; unknown fields are kept as written.</summary>
    public JsonElement Data => (Volatile.Read(ref _data) ?? ReadData()).Value;

    private StrongBox<JsonElement> ReadData()
    {
        // Cannot fail: the envelope was read whole before (CanonicalEnvelope), nested less deeply than the limit.
        var read = new StrongBox<JsonElement>(JsonDocument.Parse(Bytes.AsMemory(_dataRange), new JsonDocumentOptions { MaxDepth = 32 }).RootElement);
        return Interlocked.CompareExchange(ref _data, read, null) ?? read;
    }

    /// <summary>The bytes the signature covers.</summary>
    public ReadOnlySpan<byte> SignedBytes => _signedBytes;

    public ReadOnlySpan<byte> Signature => _signature;

    // 0 = not checked, 1 = valid, 2 = invalid. An event is verified once, however many times it is asked.
    private int _verified;

    // A list-form registration's data is read once: a store reads a batch's lists on every core before its write lock,
    // then checks the chain under the lock with what was found.
    private int _listRead;
    private string? _listProblem;

    /// <summary>
    /// Why the data, a list-form <c>WorkRegistered</c>, cannot be read (<see cref="WorkRegistered.TryRead"/>); null when
    /// it can, or when the event is not such a list.
    /// </summary>
    internal string? ListProblem()
    {
        if (Volatile.Read(ref _listRead) == 0)
        {
            _listProblem = Type == EventTypes.WorkRegistered && WorkRegistered.IsListForm(Data) && !WorkRegistered.TryRead(Data, out _, out var problem)
                ? problem : null;
            Volatile.Write(ref _listRead, 1);
        }
        return _listProblem;
    }

    public bool HasValidSignature()
    {
        var state = Volatile.Read(ref _verified);
        if (state == 0)
        {
            state = SignatureVerifier.Verify(Key, _signedBytes, _signature) ? 1 : 2;
            Volatile.Write(ref _verified, state);
        }
        return state == 1;
    }

    public static SignedEvent Parse(ReadOnlySpan<byte> bytes) =>
        TryParse(bytes, out var signed, out var problem) ? signed : throw new FormatException(problem);

    /// <summary>Parses and checks the shape of an envelope; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out SignedEvent? signed, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        return TryReadSignedForm(bytes, out signed) || TryParseDocument(bytes, out signed, out problem);
    }

    /// <summary>
    /// The envelope read without a document when it is in the form it was signed in (<see cref="CanonicalEnvelope"/>);
    /// false, never a refusal, for anything else, which the full parse then judges. Each field is checked by the same
    /// code as there.
    /// </summary>
    internal static bool TryReadSignedForm(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out SignedEvent? signed)
    {
        signed = null;
        if (!CanonicalEnvelope.TryRead(bytes, out var f)) return false;
        var seq = f.Seq;
        if (seq < 1 || !IdentityId.TryParseUtf8(bytes[f.Stream], out var stream) || !IdentityId.TryParseUtf8(bytes[f.Key], out var key)
            || !LedgerTime.TryParseUtf8(bytes[f.At], out var at)) return false;
        EventId? prev = null;
        if (f.Prev is not { } prevRange) { if (seq != 1) return false; }
        else if (seq == 1 || !EventId.TryParse(Encoding.UTF8.GetString(bytes[prevRange]), out var prevId)) return false;
        else prev = prevId;
        if (Encoding.UTF8.GetString(bytes[f.Type]) is not { Length: > 0 and <= 64 } type) return false;
        if (!TryDecodeSignature(Encoding.UTF8.GetString(bytes[f.Signature]), out var signature)) return false;

        var (cutStart, cutLength) = f.Cut.GetOffsetAndLength(bytes.Length);
        var signedBytes = new byte[DomainPrefix.Length + bytes.Length - cutLength];
        DomainPrefix.CopyTo(signedBytes);
        bytes[..cutStart].CopyTo(signedBytes.AsSpan(DomainPrefix.Length));
        bytes[(cutStart + cutLength)..].CopyTo(signedBytes.AsSpan(DomainPrefix.Length + cutStart));
        signed = new SignedEvent(bytes.ToArray(), signedBytes, null, f.Data, stream, seq, prev, type, at, key, signature);
        return true;
    }

    /// <summary>The full parse: a document, its canonical form written out, every field checked with its reason.</summary>
    internal static bool TryParseDocument(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out SignedEvent? signed, [NotNullWhen(false)] out string? problem)
    {
        signed = null;
        // The reader leaves a string's UTF-8 to be checked when it is read, and reading a bad one throws.
        if (!Utf8.IsValid(bytes)) { problem = "not valid UTF-8"; return false; }
        var copy = bytes.ToArray();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(copy, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            problem = $"not valid JSON ({e.Message})";
            return false;
        }
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) { problem = "an envelope is a JSON object"; return false; }

        var canonical = new ArrayBufferWriter<byte>(copy.Length + 32);
        canonical.Write(DomainPrefix);
        if (!CanonicalJson.TryWrite(root, canonical, "sig", out problem)) { problem ??= "not canonicalizable"; return false; }

        if (!TryGet(root, "v", JsonValueKind.Number, out var v) || !v.TryGetInt32(out var version) || version != 1)
        { problem = "\"v\" must be 1"; return false; }
        if (!TryGet(root, "stream", JsonValueKind.String, out var streamElement) || !IdentityId.TryParse(streamElement.GetString(), out var stream))
        { problem = "\"stream\" must be an Ed25519 did:key"; return false; }
        if (!TryGet(root, "seq", JsonValueKind.Number, out var seqElement) || !seqElement.TryGetInt64(out var seq) || seq < 1)
        { problem = "\"seq\" must be an integer >= 1"; return false; }
        EventId? prev = null;
        if (!root.TryGetProperty("prev", out var prevElement)) { problem = "\"prev\" is missing"; return false; }
        if (prevElement.ValueKind == JsonValueKind.Null)
        {
            if (seq != 1) { problem = $"\"prev\" is null but seq is {seq}"; return false; }
        }
        else if (prevElement.ValueKind != JsonValueKind.String || !EventId.TryParse(prevElement.GetString(), out var prevId))
        { problem = "\"prev\" must be null or an event id"; return false; }
        else if (seq == 1) { problem = "seq 1 must have \"prev\": null"; return false; }
        else prev = prevId;
        if (!TryGet(root, "type", JsonValueKind.String, out var typeElement) || typeElement.GetString() is not { Length: > 0 and <= 64 } type)
        { problem = "\"type\" must be a non-empty string"; return false; }
        if (!TryGet(root, "at", JsonValueKind.String, out var atElement) || !LedgerTime.TryParse(atElement.GetString(), out var at))
        { problem = "\"at\" must be a time yyyy-MM-ddTHH:mm:ss.fffZ"; return false; }
        if (!TryGet(root, "key", JsonValueKind.String, out var keyElement) || !IdentityId.TryParse(keyElement.GetString(), out var key))
        { problem = "\"key\" must be an Ed25519 did:key"; return false; }
        if (!TryGet(root, "data", JsonValueKind.Object, out _)) { problem = "\"data\" must be an object"; return false; }
        if (!TryGet(root, "sig", JsonValueKind.String, out var sigElement) || !TryDecodeSignature(sigElement.GetString()!, out var signature))
        { problem = "\"sig\" must be an unpadded base64url Ed25519 signature"; return false; }

        signed = new SignedEvent(copy, canonical.WrittenSpan.ToArray(), new(root.GetProperty("data")), default, stream, seq, prev, type, at, key, signature);
        problem = null;
        return true;
    }

    /// <summary>Signs an envelope: the id does not depend on the signature, so callers may sign a chain in parallel.</summary>
    internal static SignedEvent Sign(UnsignedEnvelope envelope, SigningKey key)
    {
        if (envelope.Key != key.Id) throw new ArgumentException("The envelope names another key than the one signing it.", nameof(key));
        var signature = key.Sign(envelope.SignedBytes);
        var bytes = envelope.WithSignature(Base64Url.EncodeToString(signature));
        // Built from the envelope's own fields rather than re-parsed; the signature was just made by the key the
        // envelope names, so it counts as verified (Ed25519 signing is deterministic and NSec's is tested by RFC 8032).
        return new SignedEvent(bytes, envelope.SignedBytes, new(envelope.Data), default, envelope.Stream, envelope.Seq, envelope.Prev,
            envelope.Type, envelope.At, envelope.Key, signature, envelope.Id) { _verified = 1 };
    }

    private static bool TryGet(JsonElement root, string name, JsonValueKind kind, out JsonElement value) =>
        root.TryGetProperty(name, out value) && value.ValueKind == kind;

    private static bool TryDecodeSignature(string text, out byte[] signature)
    {
        signature = [];
        if (text.Length != 86 || text.Contains('=')) return false;
        try
        {
            signature = Base64Url.DecodeFromChars(text);
            return signature.Length == 64 && Base64Url.EncodeToString(signature) == text;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public override string ToString() => $"{Type} {Stream} seq {Seq} ({Id})";
}
