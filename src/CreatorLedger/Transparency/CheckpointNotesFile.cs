using System.Text;
using System.Text.Json;

namespace CreatorLedger.Transparency;

/// <summary>
/// The signed checkpoints that travel with a JSON Lines export, in a file of their own beside it
/// (<c>&lt;events file&gt;.checkpoints</c>), so that the events file stays envelopes only: one JSON object a line, the log's
/// verifier key and the signed note verbatim (with its cosignatures), oldest first.
/// </summary>
public static class CheckpointNotesFile
{
    public const string Extension = ".checkpoints";

    public static string PathFor(string eventsFile) => eventsFile + Extension;

    public static byte[] Write(IEnumerable<SignedCheckpoint> checkpoints)
    {
        var text = new StringBuilder();
        foreach (var checkpoint in checkpoints)
            text.Append(JsonSerializer.Serialize(new Dictionary<string, string> { ["logKey"] = checkpoint.LogKey.ToString(), ["note"] = checkpoint.Note.ToString() }))
                .Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads and verifies each note with the log key beside it; throws <see cref="TransparencyException"/> naming the first bad line.</summary>
    public static IReadOnlyList<SignedCheckpoint> Read(string path)
    {
        var checkpoints = new List<SignedCheckpoint>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0) continue;
            string? problem = null;
            try
            {
                var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(line);
                if (fields is null || !fields.TryGetValue("logKey", out var keyText) || !fields.TryGetValue("note", out var noteText))
                    problem = "it is not {\"logKey\": …, \"note\": …}";
                else if (!NoteVerifierKey.TryParse(keyText, out var key, out problem)) problem = $"the log key: {problem}";
                else if (!SignedNote.TryParse(noteText, out var note, out problem)) problem = $"the note: {problem}";
                else if (!CheckpointBody.TryParse(note.Text, out var body, out problem)) problem = $"the note is not a checkpoint: {problem}";
                else if (note.Verify([key]) is { IsValid: false } verification) problem = $"the note does not verify with {key}: {verification.Problem}";
                else checkpoints.Add(new SignedCheckpoint(note, body, key, null));
            }
            catch (JsonException e)
            {
                problem = $"it is not JSON ({e.Message})";
            }
            if (problem is not null)
                throw new TransparencyException(TransparencyProblem.NotVerified, $"'{path}' line {number}: {problem}. Nothing was imported.");
        }
        return [.. checkpoints.OrderBy(c => c.Body.Size)];
    }
}
