using System.Text.Json;
using CreatorLedger.Ledger;

namespace CreatorLedger.EventStore;

/// <summary>
/// A checkpoint note as an event of the ledger's notes stream (<c>&lt;root&gt;checkpoints</c>, outside the filter that
/// finds the ledger's own events): JSON holding the note's text exactly and what the store checked of it.
/// </summary>
internal static class NoteEvent
{
    public const string Type = "CheckpointNote";

    public static byte[] Write(CheckpointNote note) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
    {
        ["origin"] = note.Origin,
        ["checkpoint"] = note.Checkpoint.ToString(),
        ["logKey"] = note.LogKey,
        ["note"] = System.Text.Encoding.UTF8.GetString(note.Bytes),
    });

    public static CheckpointNote? Read(ReadOnlySpan<byte> data)
    {
        try
        {
            var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(data);
            if (fields is null || !fields.TryGetValue("origin", out var origin) || !fields.TryGetValue("checkpoint", out var text)
                || !Checkpoint.TryParse(text, out var checkpoint) || !fields.TryGetValue("logKey", out var key) || !fields.TryGetValue("note", out var note))
                return null;
            return new CheckpointNote(origin, checkpoint, key, System.Text.Encoding.UTF8.GetBytes(note));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
