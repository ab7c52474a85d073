using System.Text.Json.Nodes;

namespace CreatorLedger.Events;

/// <summary>
/// What an author wants to say, before it is placed in their chain and signed: a type and its data.
/// <see cref="Ledger.Author"/> gives it a seq, prev, time and signature.
/// </summary>
public sealed record EventDraft
{
    private JsonObject? _data;

    public EventDraft(string Type, JsonObject Data)
    {
        this.Type = Type;
        _data = Data;
    }

    /// <summary>
    /// Data an event type wrote in canonical form itself (a registration of a thousand works): the envelope takes these
    /// bytes as they are, instead of serializing, parsing and canonicalizing a tree built only to be written.
    /// </summary>
    internal EventDraft(string type, ReadOnlyMemory<byte> canonicalData)
    {
        Type = type;
        CanonicalData = canonicalData;
    }

    public string Type { get; init; }

    public JsonObject Data
    {
        // Built only when asked (a caller printing or inspecting the draft); the canonical bytes stay what is signed.
        get => _data ??= JsonNode.Parse(CanonicalData!.Value.Span)!.AsObject();
        init
        {
            _data = value;
            CanonicalData = null;
        }
    }

    /// <summary>The data in RFC 8785 form when the event type wrote it so, else null.</summary>
    internal ReadOnlyMemory<byte>? CanonicalData { get; private init; }

    public void Deconstruct(out string Type, out JsonObject Data)
    {
        Type = this.Type;
        Data = this.Data;
    }

    public override string ToString() => $"{Type} {Data.ToJsonString()}";
}
