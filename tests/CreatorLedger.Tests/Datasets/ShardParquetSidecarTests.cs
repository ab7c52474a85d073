using CreatorLedger.Datasets;
using Xunit;

namespace CreatorLedger.Tests.Datasets;

/// <summary>
/// img2dataset writes beside each shard a .parquet with a row per sample it tried: where a sample's .json has no
/// digest, the shard's .parquet (written here by DuckDB, as pyarrow would) gives it; failed downloads are rows there
/// but not samples in the tar.
/// </summary>
public sealed class ShardParquetSidecarTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static List<Img2DatasetSample> Samples(int count) => Img2DatasetSample.Many(count);

    [Theory]
    [InlineData("00000.tar", "00000.parquet")]
    [InlineData("/data/00012.tar.gz", "/data/00012.parquet")]
    [InlineData("a.TGZ", "a.parquet")]
    public void PathOf_IsTheShardsNameWithParquetForItsExtension(string shard, string sidecar) => Assert.Equal(sidecar, ShardSidecar.PathOf(shard));

    [Fact]
    public void Read_ASampleWhoseJsonHasNoDigest_TakesItFromTheShardsParquet_AFailedDownloadIsNoSample()
    {
        var samples = Samples(3);
        var shard = Img2DatasetShard.Write(_directory.Path, 0, samples, s => s.Json(j => j.Remove("sha256")));
        DuckDbParquet.Img2Dataset(ShardSidecar.PathOf(shard), samples, failedKeys: ["000000001b"]);

        var sidecar = ShardSidecar.Read(shard, ShardOptions.DefaultDigestField);
        var read = ShardReader.Read(shard, new ShardOptions(), sidecar).Samples;

        Assert.Equal(4, sidecar!.Digests.Count);
        Assert.Null(sidecar.Digests["000000001b"]);
        Assert.Equal(samples.Select(s => s.OriginalWork), read.Select(i => i.Work));
        Assert.All(read, i => Assert.Equal(DigestSource.Metadata, i.Source));
    }

    [Fact]
    public async Task Queue_ReadsEachShardsSidecar_AndTheJsonWinsWhereItHasADigest()
    {
        var samples = Samples(2);
        var shard = Img2DatasetShard.Write(_directory.Path, 0, samples, s => s.Key.EndsWith('0') ? s.Json() : s.Json(j => j.Remove("sha256")));
        // The sidecar disagrees on the first sample: the sample's own .json is taken.
        DuckDbParquet.Img2Dataset(ShardSidecar.PathOf(shard), samples, sha256: s => s.Key.EndsWith('0') ? new string('0', 64) : s.Sha256);
        var queue = new ShardQueue([shard], new ShardOptions());

        var read = (await queue.InOrder().Single()).Samples;

        Assert.Equal(samples.Select(s => s.OriginalWork), read.Select(i => i.Work));
    }

    [Fact]
    public void Read_WithoutASidecar_IsNull_AndTheSampleHasNoDigest()
    {
        var shard = Img2DatasetShard.Write(_directory.Path, 0, Samples(1), s => s.Json(j => j.Remove("sha256")));

        Assert.Null(ShardSidecar.Read(shard, "sha256"));
        Assert.Equal((SampleProblem?)SampleProblem.NoDigest, ShardReader.Read(shard, new ShardOptions()).Samples[0].Problem);
    }

    [Theory]
    [InlineData("damaged")]
    [InlineData("no column")]
    public void Read_ASidecarThatCannotGiveDigests_SaysWhy_InTheSamplesThatNeededIt(string damage)
    {
        var samples = Samples(2);
        var shard = Img2DatasetShard.Write(_directory.Path, 0, samples, s => s.Json(j => j.Remove("sha256")));
        var parquet = DuckDbParquet.Img2Dataset(ShardSidecar.PathOf(shard), samples);
        if (damage == "damaged") File.WriteAllBytes(parquet, File.ReadAllBytes(parquet)[..100]);

        var sidecar = ShardSidecar.Read(shard, damage == "damaged" ? "sha256" : "md5");
        var read = ShardReader.Read(shard, new ShardOptions(), sidecar).Samples;

        Assert.All(read, i => Assert.Equal((SampleProblem?)SampleProblem.NoDigest, i.Problem));
        Assert.Contains("the shard's .parquet cannot", read[0].Message);
        Assert.Contains(damage == "damaged" ? "not a Parquet file" : "has no column 'md5'", read[0].Message);
    }

    [Fact]
    public void Read_AKeyWithTwoDigestsInTheSidecar_GivesNone()
    {
        var samples = Samples(1);
        var shard = Img2DatasetShard.Write(_directory.Path, 0, samples, s => s.Json(j => j.Remove("sha256")));
        DuckDbParquet.Img2Dataset(ShardSidecar.PathOf(shard), [samples[0], samples[0] with { Original = "another download"u8.ToArray() }]);

        var sidecar = ShardSidecar.Read(shard, "sha256");

        Assert.Null(sidecar!.Digests[samples[0].Key]);
        Assert.Equal((SampleProblem?)SampleProblem.NoDigest, ShardReader.Read(shard, new ShardOptions(), sidecar).Samples[0].Problem);
    }
}
