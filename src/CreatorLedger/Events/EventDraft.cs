using System.Text.Json.Nodes;

namespace CreatorLedger.Events;

/// <summary>
/// What an author wants to say, before it is placed in their chain and signed: a type and its data.
/// <see cref="Ledger.Author"/> gives it a seq, prev, time and signature.
/// </summary>
public sealed record EventDraft(string Type, JsonObject Data)
{
    public override string ToString() => $"{Type} {Data.ToJsonString()}";
}
