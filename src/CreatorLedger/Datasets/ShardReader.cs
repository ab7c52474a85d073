using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using CreatorLedger.Datasets.Screening;

namespace CreatorLedger.Datasets;

/// <summary>
/// Reads one WebDataset shard (a POSIX tar, or a gzip of one) as a stream, never extracting it: members are grouped into
/// samples by key, the media member is the sample, and its digest comes from the sample's metadata or from hashing the
/// member (<see cref="ShardOptions"/>). Whatever cannot be read is reported as a sample with its problem — a sample
/// with no digest or a malformed one, a key that appears twice, a member cut short, a shard that ends without its
/// end-of-archive blocks or is no tar at all — and never licensed; the samples read before a shard breaks still count.
/// </summary>
public static class ShardReader
{
    // A sample's .json is metadata, never media: one larger than this is not read.
    private const int MaxJsonBytes = 1 << 20;
    private const string EndMissing = "the shard ends without the tar end-of-archive blocks: it is truncated, and samples after its last member may be missing";


    /// <param name="sidecar">The shard's <c>.parquet</c>, when it has one: its digest is used where a sample's <c>.json</c> has none.</param>
    public static ShardContents Read(string path, ShardOptions options, ShardSidecar? sidecar = null, ReadProgress? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        progress?.Started(path);
        var samples = new ShardSamples(path, options, sidecar);
        long length;
        string? sha256 = null;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            length = file.Length;
            bool gzip = IsGzip(file);
            using var hash = options.HashShards ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
            // Read through once, front to back, even where members' bytes are not needed: skipping by seeking would
            // throw away the read-ahead buffer at every member, and reading on is as fast as a copy.
            var onDisk = new CountingStream(file, hash, n => progress?.AddBytes(n));
            var tar = gzip ? new CountingStream(new GZipStream(onDisk, CompressionMode.Decompress)) : onDisk;
            try
            {
                ReadEntries(tar, samples, cancellationToken);
                onDisk.Drain();
                if (hash is not null) sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            finally
            {
                if (gzip) tar.Dispose();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not EndOfStreamException)
        {
            samples.Broken(SampleProblem.Unreadable, $"the shard cannot be read: {e.Message}");
            return new ShardContents(path, samples.Finish(), 0, null);
        }
        var inputs = samples.Finish();
        progress?.AddSamples(inputs.Count);
        return new ShardContents(path, inputs, length, sha256);
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    // Reads every member; a shard that is damaged, cut short or no tar is reported, and what was read before stands.
    private static void ReadEntries(CountingStream tar, ShardSamples samples, CancellationToken cancellationToken)
    {
        using var members = new TarMembers(tar);
        int count = 0;
        try
        {
            while (members.Next())
            {
                cancellationToken.ThrowIfCancellationRequested();
                count++;
                if (members.IsFile) samples.Add(members);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or OverflowException)
        {
            // The break is met while the last member's bytes are read or passed over, or in the next header: that
            // member may be cut, so its sample is not decided.
            samples.Broken(SampleProblem.Unreadable, count == 0
                ? $"it is not a tar file ({e.Message})"
                : $"the shard is damaged or truncated after {count} member(s): {e.Message}", "");
            return;
        }
        // POSIX ends an archive with two zero blocks; a shard cut at a member boundary has them no more.
        if (members.EndBlocksMissing)
            samples.Broken(SampleProblem.Unreadable, count == 0 ? "it is not a tar file (it is empty)" : EndMissing);
    }

    /// <summary>The samples of one shard as its members are read: grouped by key, checked for duplicates, decided into inputs at the end.</summary>
    private sealed class ShardSamples(string path, ShardOptions options, ShardSidecar? sidecar)
    {
        private readonly List<Pending> _samples = [];
        private readonly Dictionary<string, Pending> _byKey = new(StringComparer.Ordinal);
        private readonly List<DatasetInput> _problems = [];
        private Pending? _current;

        public void Add(TarMembers entry)
        {
            if (!WebDatasetName.TrySplit(entry.Name, out var key, out var extension)) return;
            if (_current is null || _current.Key != key)
            {
                if (_byKey.TryGetValue(key, out var earlier))
                {
                    // Members of a sample are adjacent: the key coming back means two samples share it.
                    earlier.Duplicate = true;
                    _current = new Pending(key) { Duplicate = true };
                }
                else
                {
                    _current = new Pending(key);
                    _byKey[key] = _current;
                }
                _samples.Add(_current);
            }
            var sample = _current;
            if (!sample.Extensions.Add(extension)) sample.Duplicate = true;
            if (extension == "json" && options.DigestFrom == DigestSource.Metadata) sample.Json = ReadJson(entry, out sample.JsonProblem);
            else if (options.Preference(extension) is >= 0 and var rank && (sample.Media is null || rank < options.Preference(sample.MediaExtension!)))
            {
                sample.Media = entry.Name;
                sample.MediaExtension = extension;
                if (options.DigestFrom == DigestSource.Content || options.Screening != ScreeningNeeds.None)
                {
                    var (work, hashes) = Hash(entry);
                    if (options.DigestFrom == DigestSource.Content) sample.Hashed = work;
                    sample.Hashes = hashes;
                }
            }
        }

        /// <param name="member">The member cut short: its sample is not decided. "" for the member being read when the shard broke; null for none.</param>
        public void Broken(SampleProblem problem, string message, string? member = null)
        {
            if (member == "" && _current is not null) _current.Broken = message;
            else if (member is { Length: > 0 } && WebDatasetName.TrySplit(member, out var key, out _))
            {
                if (_current?.Key != key)
                {
                    _current = new Pending(key);
                    _samples.Add(_current);
                }
                _current.Broken = message;
            }
            _problems.Add(DatasetInput.Unusable(SampleLocation.Whole(path), problem, message, options.DigestFrom));
        }

        public List<DatasetInput> Finish()
        {
            _hasher.Dispose();
            var inputs = new List<DatasetInput>(_samples.Count + _problems.Count);
            foreach (var s in _samples) inputs.Add(Input(s));
            inputs.AddRange(_problems);
            return inputs;
        }

        private DatasetInput Input(Pending s)
        {
            var location = SampleLocation.ShardMember(path, s.Key, s.Media);
            var source = options.DigestFrom;
            // A member cut short is not screened by what was read of it; a duplicated key's member still is.
            if (s.Broken is { } broken) return DatasetInput.Unusable(location, SampleProblem.Unreadable, $"the shard broke while this sample was read: {broken}", source);
            var hashes = s.Hashes;
            if (s.Duplicate) return DatasetInput.Unusable(location, SampleProblem.DuplicateKey, $"the key '{s.Key}' is used by more than one sample (or member) in the shard", source, hashes);
            if (s.Media is null)
                return DatasetInput.Unusable(location, SampleProblem.Unreadable, $"the sample has no member {string.Join(", ", options.Members.Select(m => "." + m))}", source);
            if (source == DigestSource.Content)
                return s.Hashed is { } work ? DatasetInput.Sample(location, work, source, hashes)
                    : DatasetInput.Unusable(location, SampleProblem.Unreadable, $"its member '{s.Media}' could not be hashed", source);
            var text = s.Json;
            if (text is null && s.JsonProblem is null && sidecar is not null && sidecar.Digests.TryGetValue(s.Key, out var fromParquet)) text = fromParquet;
            if (text is null)
                return DatasetInput.Unusable(location, SampleProblem.NoDigest, s.JsonProblem
                    ?? (sidecar?.Problem is { } problem
                        ? $"the sample's .json gives no '{options.DigestField}' digest, and the shard's .parquet cannot: {problem}"
                        : $"neither the sample's .json nor the shard's .parquet gives a '{options.DigestField}' digest"), source, hashes);
            return WorkId.TryParse(text, out var digest) ? DatasetInput.Sample(location, digest, source, hashes)
                : DatasetInput.Unusable(location, SampleProblem.BadDigest, $"its '{options.DigestField}' is not a SHA-256 (64 hex digits, bare or sha256:-prefixed)", source, hashes);
        }

        // The digest field of a sample's .json: its text, or null with the problem (not JSON, too large), or null alone (no
        // such field). Scanned with a reader, not parsed into a document: a shard has thousands of them.
        private string? ReadJson(TarMembers entry, out string? problem)
        {
            problem = null;
            if (entry.Length > MaxJsonBytes) { problem = $"its .json is {entry.Length} bytes, more than metadata can be"; return null; }
            var buffer = ArrayPool<byte>.Shared.Rent((int)entry.Length);
            try
            {
                int read = 0;
                for (int n; read < entry.Length && (n = entry.Read(buffer.AsSpan(read, (int)entry.Length - read))) > 0;) read += n;
                var json = new Utf8JsonReader(buffer.AsSpan(0, read));
                if (!json.Read() || json.TokenType != JsonTokenType.StartObject) { problem = "its .json is not a JSON object"; return null; }
                string? found = null;
                bool seen = false;
                while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
                {
                    bool wanted = json.ValueTextEquals(options.DigestField);
                    json.Read();
                    if (wanted && !seen)
                    {
                        seen = true;
                        if (json.TokenType == JsonTokenType.String) found = json.GetString();
                        else if (json.TokenType != JsonTokenType.Null) { problem = $"its .json's '{options.DigestField}' is not a string"; return null; }
                    }
                    json.Skip();
                }
                // The rest is read too: a .json that is not JSON after the digest is still not JSON.
                if (json.TokenType != JsonTokenType.EndObject || json.Read()) { problem = "its .json is not JSON (it does not end where its object does)"; return null; }
                return found;
            }
            catch (JsonException e)
            {
                problem = $"its .json is not JSON ({e.Message})";
                return null;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        // One hasher for the shard's members, reset by each sample's hashes taken: the work digest when it comes from
        // the bytes, and what screening needs.
        private readonly ContentHasher _hasher = new(options.Screening, workDigest: options.DigestFrom == DigestSource.Content);

        private (WorkId Work, SampleHashes? Hashes) Hash(TarMembers entry)
        {
            var hasher = _hasher;
            try
            {
                entry.ReadAll(hasher.Append);
            }
            catch
            {
                hasher.Reset();
                throw;
            }
            return hasher.Finish(entry.Name);
        }
    }

    private sealed class Pending(string key)
    {
        public string Key { get; } = key;
        public HashSet<string> Extensions { get; } = new(StringComparer.Ordinal);
        public string? Media;
        public string? MediaExtension;
        public WorkId? Hashed;
        public SampleHashes? Hashes;
        public string? Json;
        public string? JsonProblem;
        public string? Broken;
        public bool Duplicate;
    }
}
