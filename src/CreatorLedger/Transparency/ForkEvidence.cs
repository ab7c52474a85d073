using System.Globalization;
using System.Text;

namespace CreatorLedger.Transparency;

/// <summary>
/// Two checkpoints the same log key signed that cannot both be true: the same size with another root, or a newer one
/// that no consistency proof links to the older. Together they prove the operator signed two ledgers.
/// </summary>
public sealed record ForkEvidence(SignedCheckpoint Held, SignedCheckpoint Served, string Reason)
{
    /// <summary>
    /// Writes both notes, verbatim, and what they show into a new folder under <paramref name="parent"/>, and returns it.
    /// </summary>
    public string Save(string parent, DateTimeOffset now)
    {
        var name = $"fork-{now.UtcDateTime.ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture)}-{Served.Body.Size}";
        var folder = Path.Combine(parent, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "held.note"), Held.Note.ToString(), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "served.note"), Served.Note.ToString(), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "README.txt"), $"""
            Two checkpoints of the log '{Held.Body.Origin}', both signed by its key {Held.LogKey}:
              held.note    {Held.Checkpoint}  (the mirror had verified it)
              served.note  {Served.Checkpoint}  (the source served it, {now.UtcDateTime:u})
            {Reason}
            A log never signs two inconsistent checkpoints: together these notes prove its operator signed two ledgers.
            Verify each with the log key, for example with Test-LedgerProof or any C2SP signed-note verifier.

            """, new UTF8Encoding(false));
        return folder;
    }
}

/// <summary>A source was refused because it serves a fork of what the mirror verified; the evidence is saved in <see cref="Folder"/>.</summary>
public sealed class ForkDetectedException(ForkEvidence evidence, string folder)
    : Exception($"{evidence.Reason} Nothing was copied. Both signed notes are saved in {folder}: together they prove the operator signed two ledgers.")
{
    public ForkEvidence Evidence { get; } = evidence;
    public string Folder { get; } = folder;
}
