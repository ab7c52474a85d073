namespace CreatorLedger.Ledger;

/// <summary>The leaves [Start, End) of the ledger's Merkle tree (0-based leaf indexes, leaf i = the event at position i + 1): a subtree whose RFC 9162 hash a proof needs.</summary>
public readonly record struct TreeRange(long Start, long End)
{
    public long Count => End - Start;
}
