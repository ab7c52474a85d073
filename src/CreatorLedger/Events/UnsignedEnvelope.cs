using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorLedger.Identity;

namespace CreatorLedger.Events;

/// <summary>An envelope with every field but <c>sig</c>: its id and signed bytes are already fixed.</summary>
public sealed class UnsignedEnvelope
{
    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly byte[] _text;

    public UnsignedEnvelope(IdentityId stream, long seq, EventId? prev, EventDraft draft, LedgerTime at, IdentityId key)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seq, 1);
        if (draft.Type.Length is 0 or > 64) throw new ArgumentException("An event type has 1 to 64 characters.", nameof(draft));
        if ((seq == 1) != (prev is null)) throw new ArgumentException("Only seq 1 has no prev.", nameof(prev));
        Stream = stream;
        Seq = seq;
        Prev = prev;
        Type = draft.Type;
        At = at;
        Key = key;
        // Written in the order of DESIGN §4 so that exported lines read naturally.
        var envelope = new JsonObject
        {
            ["v"] = 1,
            ["stream"] = stream.Value,
            ["seq"] = seq,
            ["prev"] = prev?.Hex,
            ["type"] = draft.Type,
            ["at"] = at.ToString(),
            ["key"] = key.Value,
            ["data"] = draft.Data.DeepClone(),
        };
        _text = Encoding.UTF8.GetBytes(envelope.ToJsonString(Compact));
        // The parsed envelope is kept: the signed event's Data is read from it, without parsing again.
        Root = JsonDocument.Parse(_text).RootElement;
        var canonical = CanonicalJson.Serialize(Root);
        SignedBytes = [.. SignedEvent.DomainPrefix, .. canonical];
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

    internal JsonElement Root { get; }

    internal byte[] WithSignature(string signature)
    {
        var suffix = Encoding.UTF8.GetBytes($",\"sig\":\"{signature}\"}}");
        return [.. _text.AsSpan(0, _text.Length - 1), .. suffix];
    }
}
