using System.Buffers;
using System.Security.Cryptography;

namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// Hashes one sample's bytes in a single pass for what is asked: its work digest (SHA-256) and the hashes its
/// screening needs (MD5, SHA-1; for PDQ the bytes are kept and decoded once they are all there). One per thread,
/// reused sample after sample.
/// </summary>
public sealed class ContentHasher : IDisposable
{
    /// <summary>A picture larger than this is not kept to be decoded: it is reported as one that cannot be screened.</summary>
    public const int MaxPictureBytes = 256 << 20;

    private readonly IncrementalHash? _sha256, _md5, _sha1;
    private byte[]? _picture;
    // All the bytes appended, and how many of them are kept (all of them, unless there are more than a picture can be).
    private long _length, _kept;
    // Whether the bytes start as a picture does (known from the first bytes appended): only a picture's are kept.
    private bool _pictureStart;

    /// <param name="workDigest">Whether the work digest is wanted (false where the digest comes from metadata and no SHA-256 list needs the bytes').</param>
    public ContentHasher(ScreeningNeeds needs, bool workDigest = true)
    {
        Needs = needs;
        if (workDigest || (needs & ScreeningNeeds.Sha256) != 0) _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if ((needs & ScreeningNeeds.Md5) != 0) _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        if ((needs & ScreeningNeeds.Sha1) != 0) _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    }

    public ScreeningNeeds Needs { get; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _sha256?.AppendData(data);
        _md5?.AppendData(data);
        _sha1?.AppendData(data);
        if ((Needs & ScreeningNeeds.Pdq) != 0)
        {
            // A video or an archive is not kept in memory on the chance that it is a picture: its first bytes say.
            if (_length == 0) _pictureStart = !data.IsEmpty && PictureDecoder.StartsLikeAPicture(data);
            if (_pictureStart) Keep(data);
        }
        _length += data.Length;
    }

    /// <summary>
    /// The work digest of the bytes appended since the last call (default when not asked for), and their screening
    /// hashes (null when screening needs none); <paramref name="name"/> (a file or member name) tells whether they
    /// should be a picture. Resets for the next sample.
    /// </summary>
    public (WorkId Work, SampleHashes? Hashes) Finish(string? name)
    {
        var sha256 = _sha256?.GetHashAndReset();
        var work = sha256 is null ? default : WorkId.FromHash(sha256);
        SampleHashes? hashes = null;
        if (Needs != ScreeningNeeds.None)
        {
            var (pdq, problem) = (Needs & ScreeningNeeds.Pdq) != 0 ? Picture(name) : (null, null);
            hashes = new SampleHashes(Needs, _md5?.GetHashAndReset(), _sha1?.GetHashAndReset(),
                (Needs & ScreeningNeeds.Sha256) != 0 ? sha256 : null, pdq) { PictureProblem = problem };
        }
        _length = _kept = 0;
        _pictureStart = false;
        return (work, hashes);
    }

    /// <summary>The hashes of bytes held whole (a Parquet cell): the same as appending them and finishing.</summary>
    public (WorkId Work, SampleHashes? Hashes) Hash(ReadOnlySpan<byte> bytes, string? name)
    {
        if (_length > 0 || (Needs & ScreeningNeeds.Pdq) != 0)
        {
            Append(bytes);
            return Finish(name);
        }
        // Bytes held whole are hashed in one call each: for the many small samples of a dataset, an incremental
        // hash's setup and reset cost more than the hashing.
        byte[]? sha256 = _sha256 is null ? null : SHA256.HashData(bytes);
        var work = sha256 is null ? default : WorkId.FromHash(sha256);
        if (Needs == ScreeningNeeds.None) return (work, null);
        return (work, new SampleHashes(Needs, _md5 is null ? null : MD5.HashData(bytes), _sha1 is null ? null : SHA1.HashData(bytes),
            (Needs & ScreeningNeeds.Sha256) != 0 ? sha256 : null, null));
    }

    /// <summary>Forgets the bytes appended since the last <see cref="Finish"/> (a read that failed half-way).</summary>
    public void Reset()
    {
        _sha256?.GetHashAndReset();
        _md5?.GetHashAndReset();
        _sha1?.GetHashAndReset();
        _length = _kept = 0;
        _pictureStart = false;
    }

    public void Dispose()
    {
        _sha256?.Dispose();
        _md5?.Dispose();
        _sha1?.Dispose();
        if (_picture is not null) ArrayPool<byte>.Shared.Return(_picture);
        _picture = null;
    }

    private void Keep(ReadOnlySpan<byte> data)
    {
        long needed = _length + data.Length;
        if (needed > MaxPictureBytes) return;
        _kept = needed;
        if (_picture is null || _picture.Length < needed)
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Max(needed, Math.Min(MaxPictureBytes, (_picture?.Length ?? 1 << 16) * 2L)));
            if (_picture is not null)
            {
                _picture.AsSpan(0, (int)_length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_picture);
            }
            _picture = larger;
        }
        data.CopyTo(_picture.AsSpan((int)_length));
    }

    // Bytes are a picture when ImageSharp knows how they start, or when their name says so (then, undecodable, they
    // are a problem: a picture that cannot be hashed cannot be cleared).
    private (PdqResult? Pdq, string? Problem) Picture(string? name)
    {
        bool named = name is not null && PictureNames.Has(name);
        if (!_pictureStart)
            return (null, named ? "its name says it is a picture, but its bytes do not start as one, so its PDQ hash cannot be taken" : null);
        if (_length > _kept) return (null, $"it is {_length:N0} bytes, more than a picture is decoded from ({MaxPictureBytes:N0}) to take its PDQ hash");
        var bytes = _picture.AsSpan(0, (int)_kept);
        try
        {
            return (PdqHasher.Hash(bytes), null);
        }
        catch (InvalidDataException e)
        {
            return (null, $"it does not decode as a picture, so its PDQ hash cannot be taken: {e.Message}");
        }
    }
}
