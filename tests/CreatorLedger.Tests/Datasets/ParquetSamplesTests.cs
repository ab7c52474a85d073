using System.Security.Cryptography;
using System.Text;
using CreatorLedger.Datasets;
using Parquet;
using Xunit;

namespace CreatorLedger.Tests.Datasets;

/// <summary>
/// Parquet files as img2dataset and Hugging Face datasets have them, written by DuckDB: a digest column or an image
/// struct's bytes, rows named by number and key, and every way a file or a row can be wrong — reported, never licensed.
/// </summary>
public sealed class ParquetSamplesTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static List<Img2DatasetSample> Samples(int count) => Img2DatasetSample.Many(count);

    private static List<ParquetPart> Parts(string path, ParquetColumns columns, bool hashFiles = false,
        CreatorLedger.Datasets.Screening.ScreeningNeeds screening = default) =>
        [.. new ParquetQueue([path], columns, hashFiles, parallelism: 2, screening).InOrder().Select(t => t.Result)];

    private static List<DatasetInput> Read(string path, ParquetColumns columns) => [.. Parts(path, columns).SelectMany(p => p.Samples)];

    private static WorkId Hash(byte[] bytes) => WorkId.FromHash(SHA256.HashData(bytes));

    [Fact]
    public void Read_DigestColumn_GivesEachRowItsDigest_NamedByRowAndKey_AndAFailedDownloadHasNone()
    {
        var samples = Samples(3);
        var path = DuckDbParquet.Img2Dataset(_directory.File("00000.parquet"), samples, failedKeys: ["000000001x"]);

        var read = Read(path, ParquetColumns.Digest());

        Assert.Equal(4, read.Count);
        Assert.Equal([samples[0].OriginalWork, samples[1].OriginalWork], read.Take(2).Select(i => i.Work));
        Assert.Equal(SampleLocation.ParquetRow(path, 0, "000000000"), read[0].Location);
        Assert.Equal($"{path}#1 (000000001)", read[1].Location!.ToString());
        Assert.All(read, i => Assert.Equal(DigestSource.Metadata, i.Source));
        var failed = read[2];
        Assert.Equal((SampleProblem?)SampleProblem.NoDigest, failed.Problem);
        Assert.Equal("000000001x", failed.Location!.Key);
        Assert.Equal(2, failed.Location.Row);
        Assert.Contains("'sha256' is null", failed.Message);
        Assert.Equal(samples[2].OriginalWork, read[3].Work);
    }

    [Fact]
    public void Read_DigestsPrefixedUppercaseOrMalformed_AreTakenOrReportedAsBadDigest()
    {
        var samples = Samples(4);
        var path = DuckDbParquet.Img2Dataset(_directory.File("00000.parquet"), samples, sha256: s => s.Key[^1] switch
        {
            '0' => "sha256:" + s.Sha256.ToUpperInvariant(),
            '1' => "deadbeef",
            '2' => s.Sha256 + "00",
            _ => s.Sha256,
        });

        var read = Read(path, ParquetColumns.Digest());

        Assert.Equal(samples[0].OriginalWork, read[0].Work);
        Assert.Equal([SampleProblem.BadDigest, SampleProblem.BadDigest], read.Skip(1).Take(2).Select(i => i.Problem!.Value));
        Assert.Contains("not a SHA-256", read[1].Message);
        Assert.Equal(samples[3].OriginalWork, read[3].Work);
    }

    [Fact]
    public void Read_ABinaryDigestColumn_TakesThe32Bytes_OrHexText()
    {
        var a = Samples(2);
        var path = DuckDbParquet.Write(_directory.File("binary.parquet"), $"""
            SELECT * FROM (VALUES ('a', from_hex('{a[0].Sha256}')), ('b', '{a[1].Sha256}'::BLOB), ('c', from_hex('0011'))) AS t(key, sha256)
            """);

        var read = Read(path, ParquetColumns.Digest());

        Assert.Equal([a[0].OriginalWork, a[1].OriginalWork], read.Take(2).Select(i => i.Work));
        Assert.Equal((SampleProblem?)SampleProblem.BadDigest, read[2].Problem);
    }

    [Fact]
    public void Read_ANamedDigestColumn_AndAKeyOfIntegers()
    {
        var samples = Samples(2);
        var path = DuckDbParquet.Write(_directory.File("ids.parquet"),
            $"SELECT * FROM (VALUES (41::BIGINT, '{samples[0].Sha256}'), (42::BIGINT, '{samples[1].Sha256}')) AS t(id, content_sha256)");

        var read = Read(path, ParquetColumns.Digest("content_sha256", key: "id"));

        Assert.Equal(samples.Select(s => s.OriginalWork), read.Select(i => i.Work));
        Assert.Equal(["41", "42"], read.Select(i => i.Location!.Key));
    }

    [Fact]
    public void Read_WithoutAKeyColumn_NamesRowsByNumberOnly()
    {
        var samples = Samples(2);
        var path = DuckDbParquet.Write(_directory.File("bare.parquet"),
            $"SELECT * FROM (VALUES ('{samples[0].Sha256}'), ('{samples[1].Sha256}')) AS t(sha256)");

        var read = Read(path, ParquetColumns.Digest());

        Assert.Equal($"{path}#1", read[1].Location!.ToString());
        Assert.Null(read[1].Location!.Key);
    }

    [Fact]
    public void Read_AHuggingFaceImageStruct_HashesImageBytes_NamedByImagePath_AndARowWithoutBytesIsUnreadable()
    {
        byte[] cat = Encoding.UTF8.GetBytes("the bytes of cat.png"), dog = Encoding.UTF8.GetBytes("the bytes of dog.jpg");
        var path = DuckDbParquet.HuggingFaceImages(_directory.File("train-00000-of-00001.parquet"),
            [("cat.png", cat, "a cat"), (null, null, "no image"), ("lost.png", null, "bytes lost"), ("dog.jpg", dog, "a dog")]);

        var read = Read(path, ParquetColumns.Bytes("image.bytes"));

        Assert.Equal(Hash(cat), read[0].Work);
        Assert.Equal(DigestSource.Content, read[0].Source);
        Assert.Equal("cat.png", read[0].Location!.Key);
        Assert.Equal($"{path}#0 (cat.png)", read[0].Location!.ToString());
        // A null struct, and a struct whose bytes are null: neither has an image to decide.
        Assert.Equal([SampleProblem.Unreadable, SampleProblem.Unreadable], read.Skip(1).Take(2).Select(i => i.Problem!.Value));
        Assert.Contains("no bytes", read[2].Message);
        Assert.Equal("lost.png", read[2].Location!.Key);
        Assert.Equal(Hash(dog), read[3].Work);
        Assert.Equal(3, read[3].Location!.Row);
    }

    [Fact]
    public void Read_WithScreening_TakesTheHashesOfEachRowsBytes_AndThePdqHashOfAPicture_NamedByItsPath()
    {
        var picture = Screening.PdqVectors.Bytes("b-base.png");
        var text = Encoding.UTF8.GetBytes("the bytes of notes.txt");
        var path = DuckDbParquet.HuggingFaceImages(_directory.File("train.parquet"), [("b.png", picture, "a picture"), ("notes.txt", text, "notes"), ("cut.jpg", text, "no picture")]);
        var needs = CreatorLedger.Datasets.Screening.ScreeningNeeds.Md5 | CreatorLedger.Datasets.Screening.ScreeningNeeds.Pdq;

        var read = Parts(path, ParquetColumns.Bytes("image.bytes"), screening: needs).SelectMany(p => p.Samples).ToList();

        Assert.Equal(Hash(picture), read[0].Work);
        Assert.Equal(System.Security.Cryptography.MD5.HashData(picture), read[0].Hashes!.Md5);
        Assert.Equal(Screening.PdqVectors.Hash("b-base.png"), read[0].Hashes!.Pdq);
        Assert.Null(read[1].Hashes!.Pdq);
        Assert.Null(read[1].Hashes!.PictureProblem);
        // Named a picture, and not one: it cannot be cleared of a PDQ list.
        Assert.NotNull(read[2].Hashes!.PictureProblem);
        Assert.All(Read(path, ParquetColumns.Bytes("image.bytes")), s => Assert.Null(s.Hashes));
    }

    [Fact]
    public void Read_ATopLevelBinaryColumn_IsHashed_AndAnotherKeyCanBeNamed()
    {
        var path = DuckDbParquet.Write(_directory.File("blobs.parquet"),
            "SELECT * FROM (VALUES ('k1', 'p1', 'first'::BLOB), ('k2', 'p2', 'second'::BLOB)) AS t(key, name, content)");

        var read = Read(path, ParquetColumns.Bytes("content", key: "name"));

        Assert.Equal([Hash("first"u8.ToArray()), Hash("second"u8.ToArray())], read.Select(i => i.Work));
        Assert.Equal(["p1", "p2"], read.Select(i => i.Location!.Key));
    }

    [Fact]
    public void Open_AColumnTheFileLacks_IsAProblemListingTheColumnsItHas()
    {
        var path = DuckDbParquet.Img2Dataset(_directory.File("00000.parquet"), Samples(1));

        var parts = Parts(path, ParquetColumns.Digest("digest"));

        var problem = Assert.Single(parts).ColumnProblem!;
        Assert.True(problem.Missing);
        Assert.Equal("digest", problem.Column);
        Assert.Contains("key, url, caption, status, error_message, width, height, original_width, original_height, exif, sha256", problem.Message);
        Assert.Equal("sha256", problem.Columns[^1]);
        Assert.Empty(parts[0].Samples);
        Assert.Null(parts[0].File);
        Assert.True(Assert.Single(Parts(path, ParquetColumns.Digest(key: "id"))).ColumnProblem!.Missing);
    }

    [Fact]
    public void Open_AColumnNamedInAnotherCase_IsFound_AndAStructNamedForItsField_IsAProblem()
    {
        var path = DuckDbParquet.HuggingFaceImages(_directory.File("hf.parquet"), [("a.png", [1, 2, 3], "a")]);

        Assert.Equal(Hash([1, 2, 3]), Assert.Single(Read(path, ParquetColumns.Bytes("Image.Bytes"))).Work);
        var problem = Assert.Single(Parts(path, ParquetColumns.Bytes("image"))).ColumnProblem!;
        Assert.False(problem.Missing);
        Assert.Contains("is a struct: name one of its fields (image.bytes, image.path)", problem.Message);
    }

    [Theory]
    [InlineData("width", true, "a column of Int32")]
    [InlineData("caption", false, "a string column")]
    public void Open_AColumnWhoseValuesCannotBeWhatWasAsked_IsAProblem(string column, bool digest, string type)
    {
        var path = DuckDbParquet.Img2Dataset(_directory.File("00000.parquet"), Samples(1));

        var problem = Assert.Single(Parts(path, digest ? ParquetColumns.Digest(column) : ParquetColumns.Bytes(column))).ColumnProblem!;

        Assert.False(problem.Missing);
        Assert.Contains($"is {type}, but", problem.Message);
        Assert.Contains(digest ? "a digest column holds text" : "a bytes column is binary", problem.Message);
        Assert.Contains($"{column} ({type})", problem.Message);
    }

    [Fact]
    public void Open_AListColumn_IsNoDigestColumn()
    {
        var path = DuckDbParquet.Write(_directory.File("list.parquet"), "SELECT ['a', 'b'] AS sha256");

        Assert.Contains("'sha256' of", Assert.Single(Parts(path, ParquetColumns.Digest())).ColumnProblem!.Message);
        Assert.Contains("is a list", Assert.Single(Parts(path, ParquetColumns.Digest())).ColumnProblem!.Message);
        var inner = Assert.Single(Parts(path, ParquetColumns.Digest())).ColumnProblem!.Columns.Single();
        Assert.Contains("is a list, but a digest column", Assert.Single(Parts(path, ParquetColumns.Digest(inner))).ColumnProblem!.Message);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("text")]
    [InlineData("empty")]
    public void Read_AFileThatIsNoParquetOrIsTruncated_IsOneUnreadableSample(string damage)
    {
        var path = DuckDbParquet.Img2Dataset(_directory.File("00000.parquet"), Samples(50));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, damage switch
        {
            "truncated" => bytes[..(bytes.Length * 2 / 3)],
            "text" => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("key,sha256\n", 40))),
            _ => [],
        });

        var parts = Parts(path, ParquetColumns.Digest(), hashFiles: true);

        var broken = Assert.Single(Assert.Single(parts).Samples);
        Assert.True(broken.Location!.IsWhole);
        Assert.Equal((SampleProblem?)SampleProblem.Unreadable, broken.Problem);
        Assert.Contains("not a Parquet file, or it is damaged or truncated", broken.Message);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), parts[0].File!.Sha256);
    }

    [Fact]
    public void Read_AFileThatIsNotThere_IsUnreadable()
    {
        var broken = Assert.Single(Read(_directory.File("gone.parquet"), ParquetColumns.Digest()));

        Assert.Equal((SampleProblem?)SampleProblem.Unreadable, broken.Problem);
        Assert.Contains("cannot be read", broken.Message);
    }

    [Fact]
    public async Task Read_ADamagedRowGroup_IsReportedForItsRows_AndTheOtherRowGroupsAreRead()
    {
        var samples = Samples(3 * 2048);
        var path = DuckDbParquet.Img2Dataset(_directory.File("00000.parquet"), samples, options: "ROW_GROUP_SIZE 2048");
        long offset;
        await using (var reader = await ParquetReader.CreateAsync(path))
        {
            Assert.Equal(3, reader.RowGroupCount);
            var chunk = reader.RowGroups[1].RowGroup.Columns.Single(c => c.MetaData!.PathInSchema[^1] == "sha256");
            offset = chunk.MetaData!.DictionaryPageOffset ?? chunk.MetaData.DataPageOffset;
        }
        var bytes = File.ReadAllBytes(path);
        Array.Fill(bytes, (byte)0xff, (int)offset, 32);
        File.WriteAllBytes(path, bytes);

        var read = Read(path, ParquetColumns.Digest());

        Assert.Equal(samples.Take(2048).Select(s => s.OriginalWork), read.Take(2048).Select(i => i.Work));
        var broken = read[2048];
        Assert.True(broken.Location!.IsWhole);
        Assert.Contains("row group 1 (rows 2048 to 4095) cannot be read", broken.Message);
        Assert.Equal(samples.Skip(4096).Select(s => s.OriginalWork), read.Skip(2049).Select(i => i.Work));
        Assert.DoesNotContain(read.Skip(2049), i => i.Location!.Row is >= 2048 and < 4096);
    }

    [Theory]
    [InlineData("snappy")]
    [InlineData("zstd")]
    [InlineData("gzip")]
    [InlineData("lz4_raw")]
    [InlineData("brotli")]
    [InlineData("uncompressed")]
    public void Read_EveryCodecDuckDbWrites_AcrossRowGroups_InRowOrder(string codec)
    {
        var samples = Samples(5_000);
        var path = DuckDbParquet.Img2Dataset(_directory.File($"{codec}.parquet"), samples, options: $"COMPRESSION {codec}, ROW_GROUP_SIZE 2048");

        var read = Read(path, ParquetColumns.Digest());

        Assert.Equal(samples.Select(s => s.OriginalWork), read.Select(i => i.Work));
        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => (long?)i), read.Select(i => i.Location!.Row));
        Assert.Equal(samples.Select(s => s.Key), read.Select(i => i.Location!.Key));
    }

    [Fact]
    public async Task Queue_HandsOutFilesInTheOrderGiven_WithTheirSizeAndSha256_WhenAsked()
    {
        var first = DuckDbParquet.Img2Dataset(_directory.File("00000.parquet"), Samples(2 * 2048), options: "ROW_GROUP_SIZE 2048");
        var second = DuckDbParquet.Img2Dataset(_directory.File("00001.parquet"), Samples(10));
        var queue = new ParquetQueue([first, second], ParquetColumns.Digest(), hashFiles: true, parallelism: 1);

        var parts = new List<ParquetPart>();
        foreach (var part in queue.InOrder()) parts.Add(await part);

        Assert.Equal([first, first, first, second, second], parts.Select(p => p.Path));
        Assert.Equal([null, null, first, null, second], parts.Select(p => p.File?.Path));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(second))), parts[^1].File!.Sha256);
        Assert.Equal(new FileInfo(first).Length, parts[2].File!.Bytes);
        Assert.Equal(2 * 2048 + 10, queue.Progress.Samples);
        Assert.Null((await new ParquetQueue([second], ParquetColumns.Digest()).InOrder().Last()).File!.Sha256);
    }

    [Fact]
    public async Task Queue_StoppedEarly_ClosesTheFile()
    {
        var path = DuckDbParquet.Img2Dataset(_directory.File("00000.parquet"), Samples(5000), options: "ROW_GROUP_SIZE 2048");

        var firstPart = await new ParquetQueue([path], ParquetColumns.Digest(), parallelism: 1).InOrder().First();

        Assert.Equal(2048, firstPart.Samples.Count);
        // The reader lets go of the file (its shared lock) once the reads started are done.
        Assert.True(SpinWait.SpinUntil(() =>
        {
            try
            {
                using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10)));
    }
}
