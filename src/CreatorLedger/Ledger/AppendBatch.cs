using CreatorLedger.Events;

namespace CreatorLedger.Ledger;

/// <summary>
/// A checked append, ready to write: the streams' appends as asked, every event with the position it takes, the time
/// the store records, the Merkle frontier after the last event (with the tile hashes it completed), and the result the skeleton worked out from them.
/// </summary>
public sealed record AppendBatch(
    IReadOnlyList<StreamAppend> Appends,
    IReadOnlyList<(long Position, SignedEvent Event)> Events,
    LedgerTime Recorded,
    MerkleTree Frontier,
    AppendResult Result)
{
    /// <summary>The tile hashes the batch completes, for the store to keep beside the events.</summary>
    public IReadOnlyList<TileHash> TileHashes => Frontier.NewTileHashes;
}
