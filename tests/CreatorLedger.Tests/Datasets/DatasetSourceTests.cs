using System.Security.Cryptography;
using CreatorLedger.Datasets;
using Xunit;

namespace CreatorLedger.Tests.Datasets;

/// <summary>
/// Shards and Parquet files handed out as the same pieces: a host counts a file done on the piece that ends it (the
/// "2 of 5" of its progress), whichever kind it reads, and takes the file or its column problem from that piece.
/// </summary>
public sealed class DatasetSourceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Shards_AreAPieceEach_ThatEndsTheShard_WithItsSamplesAndTheShardItself()
    {
        var shards = Enumerable.Range(0, 2).Select(n => Img2DatasetShard.Write(_directory.Path, n, Img2DatasetSample.Many(2 + n, n))).ToList();
        var source = DatasetSource.Shards(shards, new ShardOptions(hashShards: true), parallelism: 1);

        var pieces = new List<DatasetPiece>();
        foreach (var reading in source.InOrder()) pieces.Add(await reading);

        Assert.Equal(2, source.Files);
        Assert.All(pieces, p => Assert.True(p.EndsFile));
        Assert.Equal([2, 3], pieces.Select(p => p.Samples.Count));
        Assert.Equal(shards, pieces.Select(p => p.File!.Path));
        Assert.Equal(new FileInfo(shards[1]).Length, pieces[1].File!.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(shards[1]))), pieces[1].File!.Sha256);
        Assert.Equal(5, source.Progress.Samples);
    }

    [Fact]
    public async Task Parquet_RowGroupsComeFirst_ThenOnePieceEndsTheFile_WithTheFileOrItsColumnProblem()
    {
        var first = DuckDbParquet.Img2Dataset(_directory.File("00000.parquet"), Img2DatasetSample.Many(2 * 2048), options: "ROW_GROUP_SIZE 2048");
        var second = DuckDbParquet.Write(_directory.File("00001.parquet"), "SELECT 1 AS id");
        var source = DatasetSource.Parquet([first, second], ParquetColumns.Digest(), parallelism: 1);

        var pieces = new List<DatasetPiece>();
        foreach (var reading in source.InOrder()) pieces.Add(await reading);

        Assert.Equal(2, source.Files);
        Assert.Equal([false, false, true, true], pieces.Select(p => p.EndsFile));
        Assert.Equal([2048, 2048, 0, 0], pieces.Select(p => p.Samples.Count));
        Assert.Equal([null, null, first, null], pieces.Select(p => p.File?.Path));
        Assert.Null(pieces[2].File!.Sha256);
        Assert.Equal(second, pieces[3].ColumnProblem!.Path);
        Assert.True(pieces[3].ColumnProblem!.Missing);
    }
}
