using System.Security.Cryptography;

namespace CreatorLedger.Manifests;

/// <summary>
/// One of a manifest's entry lists as it is written or read: how many entries, and the SHA-256 of the list's RFC 8785
/// form (<c>[</c>, the entries' canonical forms separated by commas, <c>]</c>), taken one entry at a time. The signed
/// header carries both, so the signature covers every entry without holding them all.
/// </summary>
internal sealed class EntryList : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _sha256;

    public long Count { get; private set; }

    public void Add(ReadOnlySpan<byte> canonicalEntry)
    {
        if (_sha256 is not null) throw new InvalidOperationException("The list is finished.");
        _hash.AppendData(Count == 0 ? "["u8 : ","u8);
        _hash.AppendData(canonicalEntry);
        Count++;
    }

    /// <summary>The list's digest, lowercase hex; no entry can be added after.</summary>
    public string Sha256
    {
        get
        {
            if (_sha256 is null)
            {
                _hash.AppendData(Count == 0 ? "[]"u8 : "]"u8);
                _sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
            }
            return _sha256;
        }
    }

    public void Dispose() => _hash.Dispose();
}
