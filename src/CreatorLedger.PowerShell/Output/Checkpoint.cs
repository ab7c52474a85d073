namespace CreatorLedger;

/// <summary>A ledger checkpoint: size and Merkle root, written size:root.</summary>
public sealed class Checkpoint
{
    public long Size { get; init; }
    public string Root { get; init; } = "";
    public string Text { get; init; } = "";

    internal static Checkpoint From(Base.Checkpoint checkpoint) =>
        new() { Size = checkpoint.Size, Root = checkpoint.Root, Text = checkpoint.ToString() };

    public override string ToString() => Text;
}
