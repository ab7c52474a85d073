using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace CreatorLedger.Tests.Datasets;

/// <summary>One downloaded image as img2dataset keeps it: the original download (what a creator registered) and the re-encoded bytes it stores.</summary>
internal sealed record Img2DatasetSample(string Key, byte[] Original, byte[] Stored, string Caption)
{
    /// <summary>The <c>sha256</c> img2dataset records (compute_hash="sha256"): of the original download, bare lowercase hex.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Original));

    public WorkId OriginalWork => WorkId.FromHash(SHA256.HashData(Original));

    public WorkId StoredWork => WorkId.FromHash(SHA256.HashData(Stored));

    /// <summary>A sample whose original and stored bytes differ (img2dataset resizes and re-encodes by default).</summary>
    public static Img2DatasetSample Of(int shard, int index, string name) =>
        new($"{shard:00000}{index:0000}", System.Text.Encoding.UTF8.GetBytes($"original {name}"), System.Text.Encoding.UTF8.GetBytes($"re-encoded {name}"), $"a picture of {name}");

    /// <summary><paramref name="count"/> samples of shard <paramref name="shard"/>, keyed as img2dataset keys them.</summary>
    public static List<Img2DatasetSample> Many(int count, int shard = 0) => [.. Enumerable.Range(0, count).Select(i => Of(shard, i, $"image {shard}-{i}"))];

    /// <summary>The sample's <c>.json</c> with img2dataset's fields; <paramref name="change"/> edits it (a test's damage).</summary>
    public byte[] Json(Action<JsonObject>? change = null)
    {
        var json = new JsonObject
        {
            ["url"] = $"https://images.example/{Key}.jpg", ["caption"] = Caption, ["key"] = Key, ["status"] = "success", ["error_message"] = null,
            ["width"] = 256, ["height"] = 256, ["original_width"] = 1024, ["original_height"] = 768, ["exif"] = "{}", ["sha256"] = Sha256,
        };
        change?.Invoke(json);
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}

/// <summary>
/// WebDataset shards as img2dataset writes them (output_format="webdataset"): <c>00000.tar</c>, per sample
/// <c>&lt;key&gt;.jpg</c> (the re-encoded image), <c>&lt;key&gt;.txt</c> (the caption) and <c>&lt;key&gt;.json</c> (its
/// metadata). Python's tarfile (which webdataset's TarWriter uses) writes PAX archives whose short ASCII names need no
/// extended header, that is plain ustar headers, and ends them with zero blocks: so does this.
/// </summary>
internal static class Img2DatasetShard
{
    public static string Write(string folder, int shard, IEnumerable<Img2DatasetSample> samples, Func<Img2DatasetSample, byte[]>? json = null)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{shard:00000}.tar");
        using var file = File.Create(path);
        using (var writer = new TarWriter(file, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var sample in samples)
            {
                Add(writer, $"{sample.Key}.jpg", sample.Stored);
                Add(writer, $"{sample.Key}.txt", System.Text.Encoding.UTF8.GetBytes(sample.Caption));
                Add(writer, $"{sample.Key}.json", json?.Invoke(sample) ?? sample.Json());
            }
        }
        return path;
    }

    public static void Add(TarWriter writer, string name, byte[] data)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data), ModificationTime = DateTimeOffset.FromUnixTimeSeconds(1767225600) };
        writer.WriteEntry(entry);
    }

    /// <summary>The offset of the 512-byte header of member <paramref name="name"/> (a ustar name field holds it).</summary>
    public static int HeaderOf(byte[] tar, string name)
    {
        var needle = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        for (int offset = 0; offset + 512 <= tar.Length; offset += 512)
            if (tar.AsSpan(offset, needle.Length).SequenceEqual(needle) && tar[offset + 156] == (byte)'0') return offset;
        throw new InvalidOperationException($"No header of {name}.");
    }

    /// <summary>Rewrites a member's size field (octal) and the header's checksum, as a lying header would be.</summary>
    public static void SetSize(byte[] tar, int header, long size)
    {
        var octal = System.Text.Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0') + "\0");
        octal.CopyTo(tar, header + 124);
        for (int i = 148; i < 156; i++) tar[header + i] = (byte)' ';
        long sum = 0;
        for (int i = 0; i < 512; i++) sum += tar[header + i];
        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(tar, header + 148);
    }
}
