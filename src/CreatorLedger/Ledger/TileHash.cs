namespace CreatorLedger.Ledger;

/// <summary>
/// The hash of a complete node of the ledger's Merkle tree at a height that is a multiple of 8: node <see cref="Index"/>
/// at <see cref="Height"/> covers leaves [Index·2^Height, (Index+1)·2^Height). These are the entries of the C2SP
/// tlog-tiles tiles of level Height/8 (level 0 being the leaf hashes, which the event ids give). Stores keep them so that
/// any subtree hash, and so any proof, costs a few reads of at most 256 hashes however large the ledger grows.
/// </summary>
public sealed record TileHash(int Height, long Index, byte[] Hash)
{
    /// <summary>Tiles are 2^8 = 256 hashes wide, as in tlog-tiles: a tile of level L holds nodes of height 8L.</summary>
    public const int Width = 8;

    public const int TileSize = 1 << Width;
}
