using CreatorLedger.Events;
using CreatorLedger.Transparency;

namespace CreatorLedger.Manifests;

/// <summary>
/// One event a manifest's decisions rest on (a registration, a grant, a mandate, a key rotation), as its author signed
/// it, with its RFC 9162 inclusion proof in the tree of the manifest's checkpoint: anyone holding the checkpoint's
/// signed note can check, with no ledger, that the event is the one at <see cref="Index"/> of that ledger.
/// </summary>
public sealed class ProvenEvent
{
    private readonly byte[][] _hashes;

    public ProvenEvent(SignedEvent @event, long index, IEnumerable<byte[]> hashes)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Event = @event;
        Index = index;
        _hashes = [.. hashes.Select(h => h.Length == MerkleProofs.HashSize ? (byte[])h.Clone() : throw new ArgumentException("A proof hash is 32 bytes.", nameof(hashes)))];
    }

    public SignedEvent Event { get; }

    /// <summary>The event's leaf index in the tree: its position less one.</summary>
    public long Index { get; }

    public long Position => Index + 1;

    public IReadOnlyList<byte[]> Hashes => _hashes;

    /// <summary>Whether the proof puts the event's id at <see cref="Index"/> of the tree of <paramref name="size"/> and <paramref name="root"/>.</summary>
    public bool IsIncludedIn(long size, ReadOnlySpan<byte> root) =>
        MerkleProofs.VerifyInclusion(Index, size, MerkleProofs.LeafHash(Event.Id.ToBytes()), _hashes, root);
}
