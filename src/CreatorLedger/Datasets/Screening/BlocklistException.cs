namespace CreatorLedger.Datasets.Screening;

/// <summary>A hash list that cannot be used: it does not parse (the first bad line is named), lists nothing, or changed while it was read.</summary>
public sealed class BlocklistException(string path, int? line, string message) : Exception(message)
{
    public string Path { get; } = path;

    /// <summary>The first line that does not parse (1-based), when that is the problem.</summary>
    public int? Line { get; } = line;
}
