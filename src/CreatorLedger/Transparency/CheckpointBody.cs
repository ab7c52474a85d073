using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace CreatorLedger.Transparency;

/// <summary>
/// The text of a C2SP tlog-checkpoint: origin, tree size, base64 root hash, then optional extension lines, each ending in a
/// newline. Parsing is strict (no leading zero, canonical base64, a 32-byte root), so <see cref="Format"/> gives back the parsed text.
/// </summary>
public sealed class CheckpointBody
{
    private readonly byte[] _root;
    private readonly string[] _extensions;

    public CheckpointBody(string origin, long size, ReadOnlySpan<byte> root, IEnumerable<string>? extensions = null)
    {
        if (LineProblem(origin) is { } problem) throw new ArgumentException($"Not an origin: {problem}.", nameof(origin));
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (root.Length != 32) throw new ArgumentException("A root hash has 32 bytes.", nameof(root));
        var lines = extensions?.ToArray() ?? [];
        foreach (var line in lines)
            if (LineProblem(line) is { } lineProblem) throw new ArgumentException($"Not an extension line: {lineProblem}.", nameof(extensions));
        Origin = origin;
        Size = size;
        _root = root.ToArray();
        _extensions = lines;
    }

    /// <summary>The log's identity, the first line (and the log key's name).</summary>
    public string Origin { get; }

    public long Size { get; }

    /// <summary>The RFC 9162 root hash at <see cref="Size"/>.</summary>
    public ReadOnlySpan<byte> Root => _root;

    /// <summary>Opaque extra lines after the root; not auditable, so nothing here reads them.</summary>
    public IReadOnlyList<string> Extensions => _extensions;

    /// <summary>The body of the ledger's checkpoint under <paramref name="origin"/>.</summary>
    public static CheckpointBody FromCheckpoint(string origin, Checkpoint checkpoint) =>
        new(origin, checkpoint.Size, Convert.FromHexString(checkpoint.Root));

    /// <summary>The ledger's own form of this checkpoint: size and lowercase hex root.</summary>
    public Checkpoint ToCheckpoint() => new(Size, Convert.ToHexStringLower(_root));

    public static CheckpointBody Parse(string text) =>
        TryParse(text, out var body, out var problem) ? body : throw new FormatException($"Not a checkpoint: {problem}.");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out CheckpointBody? body) => TryParse(text, out body, out _);

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out CheckpointBody? body, [NotNullWhen(false)] out string? problem)
    {
        body = null;
        if (text is null)
        {
            problem = "no text";
            return false;
        }
        if (NoteRules.TextProblem(text) is { } textProblem)
        {
            problem = textProblem;
            return false;
        }
        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            problem = "fewer than three lines (origin, size, root hash)";
            return false;
        }
        if (lines[0].Length == 0)
        {
            problem = "the origin line is empty";
            return false;
        }
        if (!NoteRules.TryParseDecimal(lines[1], long.MaxValue, out var size))
        {
            problem = $"the size line '{lines[1]}' is not a decimal without leading zeroes";
            return false;
        }
        if (!NoteRules.TryDecodeBase64(lines[2], out var root) || root.Length != 32)
        {
            problem = "the root hash line is not the canonical base64 of 32 bytes";
            return false;
        }
        for (int i = 3; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                problem = $"extension line {i - 2} is empty";
                return false;
            }
        }
        body = new CheckpointBody(lines[0], (long)size, root, lines[3..]);
        problem = null;
        return true;
    }

    /// <summary>The checkpoint text, each line ending in a newline.</summary>
    public string Format()
    {
        var builder = new StringBuilder(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(_root)).Append('\n');
        foreach (var line in _extensions) builder.Append(line).Append('\n');
        return builder.ToString();
    }

    public override string ToString() => Format();

    private static string? LineProblem(string? line)
    {
        if (string.IsNullOrEmpty(line)) return "it is empty";
        if (line.Contains('\n')) return "it holds a newline";
        return NoteRules.CharactersProblem(line);
    }
}
