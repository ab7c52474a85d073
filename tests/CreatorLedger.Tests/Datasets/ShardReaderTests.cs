using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using CreatorLedger.Datasets;
using Xunit;

namespace CreatorLedger.Tests.Datasets;

/// <summary>
/// WebDataset shards read as img2dataset writes them, and every way a shard can be wrong: each sample is decided or
/// reported with its problem, never silently dropped or licensed, and what precedes a break still counts.
/// </summary>
public sealed class ShardReaderTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static List<Img2DatasetSample> Samples(int count, int shard = 0) => Img2DatasetSample.Many(count, shard);

    private string Folder => _directory.Path;

    [Fact]
    public void Read_Metadata_GivesEachSampleTheOriginalDownloadsDigest_FromItsJson_NamedByKeyAndMember()
    {
        var samples = Samples(3);
        var shard = Img2DatasetShard.Write(Folder, 0, samples);

        var read = ShardReader.Read(shard, new ShardOptions());

        Assert.Equal(samples.Select(s => s.OriginalWork), read.Samples.Select(i => i.Work));
        Assert.All(read.Samples, i => Assert.Equal(DigestSource.Metadata, i.Source));
        Assert.Equal(SampleLocation.ShardMember(shard, "000000000", "000000000.jpg"), read.Samples[0].Location);
        Assert.Equal($"{shard}#000000001.jpg", read.Samples[1].Location!.ToString());
        Assert.Equal(new FileInfo(shard).Length, read.Bytes);
        Assert.Null(read.Sha256);
    }

    [Fact]
    public void Read_Content_HashesTheStoredMember_AndTheShardWhenAsked()
    {
        var samples = Samples(2);
        var shard = Img2DatasetShard.Write(Folder, 0, samples);

        var read = ShardReader.Read(shard, new ShardOptions(digestFrom: DigestSource.Content, hashShards: true));

        Assert.Equal(samples.Select(s => s.StoredWork), read.Samples.Select(i => i.Work));
        Assert.All(read.Samples, i => Assert.Equal(DigestSource.Content, i.Source));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(shard))), read.Sha256);
    }

    [Fact]
    public void Read_DigestPrefixedOrUppercase_IsAccepted_AndAnotherFieldCanBeNamed()
    {
        var samples = Samples(2);
        var shard = Img2DatasetShard.Write(Folder, 0, samples, s => s.Key.EndsWith('0')
            ? s.Json(j => { j["sha256"] = "sha256:" + s.Sha256.ToUpperInvariant(); })
            : s.Json(j => { j.Remove("sha256"); j["digest"] = s.Sha256; }));

        Assert.Equal(samples[0].OriginalWork, ShardReader.Read(shard, new ShardOptions()).Samples[0].Work);
        var byField = ShardReader.Read(shard, new ShardOptions(digestField: "digest")).Samples;
        Assert.Equal(samples[1].OriginalWork, byField[1].Work);
        Assert.Equal(SampleProblem.NoDigest, byField[0].Problem);
    }

    [Fact]
    public void Read_MetadataWithoutADigest_WithAMalformedOne_OrNotJson_IsReportedAsSuch()
    {
        var samples = Samples(4);
        var shard = Img2DatasetShard.Write(Folder, 0, samples, s => s.Key[^1] switch
        {
            '0' => s.Json(j => j.Remove("sha256")),
            '1' => s.Json(j => j["sha256"] = "not-a-digest"),
            '2' => "{ this is not json"u8.ToArray(),
            _ => s.Json(),
        });

        var read = ShardReader.Read(shard, new ShardOptions()).Samples;

        Assert.Equal([SampleProblem.NoDigest, SampleProblem.BadDigest, SampleProblem.NoDigest, null], read.Select(i => i.Problem));
        Assert.Contains("not JSON", read[2].Message);
        Assert.Equal(samples[3].OriginalWork, read[3].Work);
    }

    [Fact]
    public void Read_DigestFromTheShardsParquet_WhenTheJsonHasNone()
    {
        var samples = Samples(2);
        var shard = Img2DatasetShard.Write(Folder, 0, samples, s => s.Json(j => j.Remove("sha256")));
        var sidecar = new ShardSidecar("00000.parquet", samples.ToDictionary(s => s.Key, s => (string?)s.Sha256));

        Assert.Equal(samples.Select(s => s.OriginalWork), ShardReader.Read(shard, new ShardOptions(), sidecar).Samples.Select(i => i.Work));
    }

    [Fact]
    public void Read_AKeyUsedTwice_ReportsBothSamplesAsDuplicateKey()
    {
        var samples = Samples(3);
        var shard = Img2DatasetShard.Write(Folder, 0, [.. samples, samples[0] with { Stored = "another image"u8.ToArray() }]);

        var read = ShardReader.Read(shard, new ShardOptions()).Samples;

        Assert.Equal([SampleProblem.DuplicateKey, null, null, SampleProblem.DuplicateKey], read.Select(i => i.Problem));
    }

    [Fact]
    public void Read_ASampleWithoutAChosenMember_IsUnreadable_AndMemberChoosesWhichCount()
    {
        var shard = Img2DatasetShard.Write(Folder, 0, Samples(1));
        var read = ShardReader.Read(shard, new ShardOptions(members: ["png"])).Samples;
        Assert.Equal(SampleProblem.Unreadable, Assert.Single(read).Problem);
        Assert.Contains(".png", read[0].Message);
        Assert.Equal("000000000.txt", ShardReader.Read(shard, new ShardOptions(members: ["txt"], digestFrom: DigestSource.Content)).Samples[0].Location!.Member);
    }

    [Theory]
    [InlineData(DigestSource.Metadata)]
    [InlineData(DigestSource.Content)]
    public void Read_ATruncatedShard_KeepsTheSamplesBefore_AndReportsTheBreak(DigestSource from)
    {
        var samples = Samples(4);
        var shard = Img2DatasetShard.Write(Folder, 0, samples);
        var bytes = File.ReadAllBytes(shard);
        // Cut inside the third sample's image.
        File.WriteAllBytes(shard, bytes[..(Img2DatasetShard.HeaderOf(bytes, "000000002.jpg") + 512 + 3)]);

        var read = ShardReader.Read(shard, new ShardOptions(digestFrom: from)).Samples;

        Assert.Equal(from == DigestSource.Metadata ? samples[0].OriginalWork : samples[0].StoredWork, read[0].Work);
        Assert.Null(read[1].Problem);
        Assert.Equal(SampleProblem.Unreadable, read[2].Problem);
        var whole = read[^1];
        Assert.True(whole.Location!.IsWhole);
        Assert.Equal(SampleProblem.Unreadable, whole.Problem);
        Assert.Contains("truncated", whole.Message);
        Assert.Equal(4, read.Count);
    }

    [Fact]
    public void Read_AShardCutAtAMemberBoundary_LacksItsEndBlocks_AndSaysSo()
    {
        var shard = Img2DatasetShard.Write(Folder, 0, Samples(2));
        var bytes = File.ReadAllBytes(shard);
        File.WriteAllBytes(shard, bytes[..Img2DatasetShard.HeaderOf(bytes, "000000001.jpg")]);

        var read = ShardReader.Read(shard, new ShardOptions()).Samples;

        Assert.True(read[0].Problem is null, string.Join(" | ", read.Select(r => r.Message)));
        Assert.Contains("end-of-archive", read[^1].Message);
    }

    // A lie within the padding of the member's last block leaves the archive's structure whole and is not seen (a
    // content digest then differs); one that moves the next header breaks the archive, and is reported.
    [Theory]
    [InlineData(+100_000)]
    [InlineData(-1_000)]
    public void Read_AMemberWhoseHeaderLiesAboutItsSize_IsReported(int change)
    {
        var samples = Samples(3);
        samples[1] = samples[1] with { Stored = RandomNumberGenerator.GetBytes(3_000) };
        var shard = Img2DatasetShard.Write(Folder, 0, samples);
        var bytes = File.ReadAllBytes(shard);
        int header = Img2DatasetShard.HeaderOf(bytes, "000000001.jpg");
        Img2DatasetShard.SetSize(bytes, header, samples[1].Stored.Length + change);
        File.WriteAllBytes(shard, bytes);

        foreach (var from in new[] { DigestSource.Metadata, DigestSource.Content })
        {
            var read = ShardReader.Read(shard, new ShardOptions(digestFrom: from)).Samples;
            Assert.Null(read[0].Problem);
            Assert.True(read[^1].Location!.IsWhole, $"{from}: {string.Join("; ", read.Select(r => r.Message))}");
            Assert.DoesNotContain(read, i => i.Location!.Key == "000000002" && i.Problem is null);
        }
    }

    [Fact]
    public void Read_AFileThatIsNoTar_IsOneUnreadableSample()
    {
        var path = Path.Combine(Folder, "00000.tar");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("this is a text file, not a tar archive. ", 40)));

        var read = Assert.Single(ShardReader.Read(path, new ShardOptions()).Samples);

        Assert.True(read.Location!.IsWhole);
        Assert.Contains("not a tar", read.Message);
    }

    [Fact]
    public void Read_AGzippedShard_IsReadAsTheTar_AndATruncatedOneIsReported()
    {
        var samples = Samples(3);
        var tar = File.ReadAllBytes(Img2DatasetShard.Write(Folder, 0, samples));
        var gz = Path.Combine(Folder, "00001.tar.gz");
        using (var output = File.Create(gz))
        using (var zip = new GZipStream(output, CompressionLevel.Fastest)) zip.Write(tar);

        var read = ShardReader.Read(gz, new ShardOptions(hashShards: true));
        Assert.Equal(samples.Select(s => s.OriginalWork), read.Samples.Select(i => i.Work));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(gz))), read.Sha256);

        var bytes = File.ReadAllBytes(gz);
        File.WriteAllBytes(gz, bytes[..(bytes.Length / 2)]);
        Assert.Contains(ShardReader.Read(gz, new ShardOptions()).Samples, i => i.Location!.IsWhole && i.Problem == SampleProblem.Unreadable);
    }

    [Fact]
    public void Read_AShardMadeByGnuTar_IsReadTheSameWay()
    {
        var samples = Samples(3);
        var members = Path.Combine(Folder, "members");
        Directory.CreateDirectory(members);
        var names = new List<string>();
        foreach (var s in samples)
        {
            File.WriteAllBytes(Path.Combine(members, s.Key + ".jpg"), s.Stored);
            File.WriteAllBytes(Path.Combine(members, s.Key + ".json"), s.Json());
            names.AddRange([s.Key + ".jpg", s.Key + ".json"]);
        }
        var shard = Path.Combine(Folder, "gnu.tar");
        var tar = Process.Start(new ProcessStartInfo("tar", ["-cf", shard, "-C", members, .. names]) { RedirectStandardError = true })!;
        tar.WaitForExit();
        Assert.Equal(0, tar.ExitCode);

        Assert.Equal(samples.Select(s => s.OriginalWork), ShardReader.Read(shard, new ShardOptions()).Samples.Select(i => i.Work));
    }

    [Theory]
    [InlineData(System.Formats.Tar.TarEntryFormat.Pax)]
    [InlineData(System.Formats.Tar.TarEntryFormat.Gnu)]
    public void Read_NamesLongerThanAUstarHeaderHolds_ComeFromPaxRecordsOrGnuLongNames(System.Formats.Tar.TarEntryFormat format)
    {
        var sample = Img2DatasetSample.Of(0, 0, "long");
        var folder = new string('f', 120);
        var shard = Path.Combine(Folder, "long.tar");
        using (var file = File.Create(shard))
        using (var writer = new System.Formats.Tar.TarWriter(file, format))
        {
            foreach (var (extension, data) in new[] { ("jpg", sample.Stored), ("json", sample.Json()) })
            {
                System.Formats.Tar.TarEntry entry = format == System.Formats.Tar.TarEntryFormat.Pax
                    ? new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, $"{folder}/{sample.Key}.{extension}")
                    : new System.Formats.Tar.GnuTarEntry(System.Formats.Tar.TarEntryType.RegularFile, $"{folder}/{sample.Key}.{extension}");
                entry.DataStream = new MemoryStream(data);
                writer.WriteEntry(entry);
            }
        }

        var read = Assert.Single(ShardReader.Read(shard, new ShardOptions()).Samples);

        Assert.Equal($"{folder}/{sample.Key}", read.Location!.Key);
        Assert.Equal(sample.OriginalWork, read.Work);
    }

    [Fact]
    public void Queue_ReadsShardsOnAllCores_AndHandsThemOutInTheOrderGiven()
    {
        var shards = Enumerable.Range(0, 6).Select(n => Img2DatasetShard.Write(Folder, n, Samples(5 + n, n))).ToList();
        var queue = new ShardQueue(shards, new ShardOptions(), parallelism: 3);

        var read = queue.InOrder().Select(t => t.Result).ToList();

        Assert.Equal(shards, read.Select(r => r.Path));
        Assert.Equal(Enumerable.Range(0, 6).Sum(n => 5 + n), queue.Progress.Samples);
        Assert.Equal(read.SelectMany(r => r.Samples).Select(i => i.Location!.Key).Distinct().Count(), read.Sum(r => r.Samples.Count));
    }
}
