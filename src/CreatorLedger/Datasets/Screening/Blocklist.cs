using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// A list of hashes of known illegal material, as hotlines distribute them (DESIGN §11): a text file, one hash a line —
/// MD5, SHA-1 or SHA-256 as 32, 40 or 64 hex digits (optionally <c>md5:</c>, <c>sha1:</c>, <c>sha256:</c>), or <c>pdq:</c>
/// and 64 hex digits with an optional quality — <c>#</c> comments, and a header of comments naming the list
/// (<c># name:</c>, <c># issuer:</c>, <c># version:</c>) when it has one. Loaded into compact indexes per kind; the list
/// itself is never copied anywhere: what a manifest may keep is its SHA-256, name, version and entry count.
/// </summary>
public sealed class Blocklist
{
    private Blocklist(string path, string sha256, string name, string? issuer, string? version, ExactHashIndex? md5, ExactHashIndex? sha1,
        ExactHashIndex? sha256Index, PdqIndex? pdq, int untrustedPdq, long entries)
    {
        Path = path;
        Sha256 = sha256;
        Name = name;
        Issuer = issuer;
        Version = version;
        Md5 = md5;
        Sha1 = sha1;
        Sha256Hashes = sha256Index;
        Pdq = pdq;
        UntrustedPdq = untrustedPdq;
        Entries = entries;
    }

    public string Path { get; }

    /// <summary>The SHA-256 of the list file as it was read: what a manifest records to say which list it was screened with.</summary>
    public string Sha256 { get; }

    /// <summary>The header's name, else the file's name.</summary>
    public string Name { get; }

    public string? Issuer { get; }

    public string? Version { get; }

    public ExactHashIndex? Md5 { get; }

    public ExactHashIndex? Sha1 { get; }

    public ExactHashIndex? Sha256Hashes { get; }

    public PdqIndex? Pdq { get; }

    /// <summary>PDQ hashes of quality below <see cref="PdqMatch.MinQuality"/>: kept out of the index, counted, never matched.</summary>
    public int UntrustedPdq { get; }

    /// <summary>How many hash lines the list has (duplicates counted as listed).</summary>
    public long Entries { get; }

    /// <summary>Which hashes a sample needs for this list.</summary>
    public IReadOnlySet<HashKind> Kinds =>
        new HashSet<HashKind>(new[] { (HashKind.Md5, Md5), (HashKind.Sha1, Sha1), (HashKind.Sha256, Sha256Hashes) }
            .Where(k => k.Item2 is not null).Select(k => k.Item1).Concat(Pdq is not null || UntrustedPdq > 0 ? [HashKind.Pdq] : []));

    /// <summary>Reads and indexes the list at <paramref name="path"/>; a <see cref="BlocklistException"/> says why it cannot be used.</summary>
    public static Blocklist Load(string path) => Load(path, File.ReadAllBytes);

    // The size and time are taken before and after the read, so a list being written (a download, a copy) is refused
    // rather than half read; the reading is a parameter so that a test can change the file while it is read.
    internal static Blocklist Load(string path, Func<string, byte[]> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            var before = new FileInfo(path);
            if (!before.Exists) throw new BlocklistException(path, null, $"There is no hash list at '{path}'.");
            (long length, DateTime written) = (before.Length, before.LastWriteTimeUtc);
            bytes = read(path);
            var after = new FileInfo(path);
            if (after.Length != length || after.LastWriteTimeUtc != written || bytes.Length != length)
                throw new BlocklistException(path, null, $"The hash list '{path}' changed while it was read; load it again once it is written.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BlocklistException(path, null, $"The hash list '{path}' cannot be read: {e.Message}");
        }
        return Parse(path, bytes);
    }

    /// <summary>Parses a list's bytes (<paramref name="path"/> names it in messages and gives its default name).</summary>
    public static Blocklist Parse(string path, ReadOnlySpan<byte> bytes)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string? name = null, issuer = null, version = null;
        var exact = new Dictionary<HashKind, ArrayBufferWriter<byte>>();
        var pdq = new List<PdqHash>();
        int untrusted = 0;
        long entries = 0;
        bool inHeader = true;
        int number = 0;
        Span<byte> hash = stackalloc byte[32];
        foreach (var raw in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line[0] == '#')
            {
                if (inHeader && Field(line, "name") is { } n) name = n;
                else if (inHeader && Field(line, "list") is { } l) name = l;
                else if (inHeader && Field(line, "issuer") is { } i) issuer = i;
                else if (inHeader && Field(line, "version") is { } v) version = v;
                continue;
            }
            inHeader = false;
            entries++;
            if (line.StartsWith("pdq:", StringComparison.OrdinalIgnoreCase))
            {
                var parts = line[4..].Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length is 0 or > 2 || !PdqHash.TryParse(parts[0], out var perceptual))
                    throw Bad(path, number, "a pdq: line holds 64 hex digits, then optionally the hash's quality (0 to 100)");
                int quality = 100;
                if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out quality) || quality > 100))
                    throw Bad(path, number, "a PDQ hash's quality is a whole number from 0 to 100");
                if (PdqMatch.IsTrusted(quality)) pdq.Add(perceptual);
                else untrusted++;
                continue;
            }
            var (kind, hex) = Kind(line);
            if (kind is null || !TryHex(hex, hash[..ExactHashIndex.SizeOf(kind.Value)]))
                throw Bad(path, number, "it is not a hash: 32 (MD5), 40 (SHA-1) or 64 (SHA-256) hex digits, or pdq: and 64");
            if (!exact.TryGetValue(kind.Value, out var list)) exact[kind.Value] = list = new ArrayBufferWriter<byte>();
            list.Write(hash[..ExactHashIndex.SizeOf(kind.Value)]);
        }
        if (entries == 0) throw new BlocklistException(path, null, $"The hash list '{path}' lists no hash: a screening with it would flag nothing.");
        ExactHashIndex? Index(HashKind k) => exact.TryGetValue(k, out var w) ? ExactHashIndex.Build(k, w.WrittenSpan) : null;
        return new Blocklist(path, sha256, name ?? System.IO.Path.GetFileNameWithoutExtension(path), issuer, version,
            Index(HashKind.Md5), Index(HashKind.Sha1), Index(HashKind.Sha256), pdq.Count > 0 ? new PdqIndex(pdq) : null, untrusted, entries);
    }

    // The hash's text never goes into a message: lists are sensitive, and the line number finds it.
    private static BlocklistException Bad(string path, int line, string why) =>
        new(path, line, $"Line {line} of the hash list '{path}' does not parse: {why}. Nothing of the list was loaded.");

    private static string? Field(string comment, string key)
    {
        var text = comment.TrimStart('#').Trim();
        return text.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase) && text[(key.Length + 1)..].Trim() is { Length: > 0 } value ? value : null;
    }

    private static (HashKind? Kind, string Hex) Kind(string line)
    {
        foreach (var (prefix, kind) in new[] { ("md5:", HashKind.Md5), ("sha1:", HashKind.Sha1), ("sha256:", HashKind.Sha256) })
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return (line.Length - prefix.Length == ExactHashIndex.SizeOf(kind) * 2 ? kind : null, line[prefix.Length..]);
        return (line.Length switch { 32 => HashKind.Md5, 40 => HashKind.Sha1, 64 => HashKind.Sha256, _ => null }, line);
    }

    private static bool TryHex(string hex, Span<byte> destination)
    {
        if (hex.Length != destination.Length * 2) return false;
        foreach (var c in hex)
            if (!char.IsAsciiHexDigit(c)) return false;
        Convert.FromHexString(hex, destination, out _, out int written);
        return written == destination.Length;
    }
}
