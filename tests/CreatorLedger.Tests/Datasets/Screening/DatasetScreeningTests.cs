using System.Security.Cryptography;
using System.Text;
using CreatorLedger.Datasets;
using CreatorLedger.Datasets.Screening;
using CreatorLedger.Licensing;
using CreatorLedger.Sqlite;
using CreatorLedger.Tests.Licensing;
using Xunit;

namespace CreatorLedger.Tests.Datasets.Screening;

/// <summary>
/// Rule 0 in the core's dataset check (DESIGN §6, §11): a sample on a list is Prohibited whatever grants exist, found by
/// hashes taken in the same read as its digest and only as the lists need; what cannot be cleared is never licensed.
/// Lists are made of hashes of generated files and of the PDQ conformance pictures, never real material.
/// </summary>
public sealed class DatasetScreeningTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static byte[] Bytes(string name) => Encoding.UTF8.GetBytes($"generated sample {name}");

    private static byte[] Picture(string name) => PdqVectors.Bytes(name);

    private static WorkId DigestOf(byte[] bytes) => WorkId.FromHash(SHA256.HashData(bytes));

    private string WriteFile(string name, byte[] bytes)
    {
        var path = _directory.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private ScreeningLists Lists(params string[] lines)
    {
        var path = _directory.File($"list-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, string.Join("\n", ["# name: test-list", "# version: 7", .. lines]) + "\n");
        return new ScreeningLists([Blocklist.Load(path)]);
    }

    /// <summary>Alice registered every sample given and licensed all of them to Dana.</summary>
    private static (ConsentView View, DatasetRequest Request) Ledger(params byte[][] samples)
    {
        var s = new LedgerScenario();
        foreach (var bytes in samples) s.Register(s.Alice, DigestOf(bytes), LedgerScenario.Day(1));
        s.Grant(s.Alice, LedgerScenario.Day(2), [.. samples.Select(DigestOf)], s.Dana);
        return (ConsentView.AsOf(s.Events, LedgerScenario.Day(3)), new DatasetRequest(s.Dana.Id, Use.AiTrain));
    }

    private static async Task<List<DatasetDecision>> Decide(DatasetCheck check, IEnumerable<DatasetInput> inputs)
    {
        var decisions = new List<DatasetDecision>();
        await foreach (var d in check.DecideAllAsync(inputs)) decisions.Add(d);
        return decisions;
    }

    [Fact]
    public async Task ListedFiles_AreProhibitedWhateverTheirGrants_ByEachKindOfHash_AndTheRestLicensed()
    {
        byte[] a = Bytes("a"), b = Bytes("b"), c = Bytes("c"), d = Bytes("d"), picture = Picture("a-q40.jpg");
        var (view, request) = Ledger(a, b, c, d, picture);
        var lists = Lists(Convert.ToHexStringLower(MD5.HashData(a)), "sha1:" + Convert.ToHexStringLower(SHA1.HashData(b)),
            Convert.ToHexStringLower(SHA256.HashData(c)), "pdq:" + PdqVectors.ReferenceHash("a-base.jpg"));
        using var check = new DatasetCheck(view, request, screening: lists);

        var decisions = await Decide(check, [.. new[] { ("a.txt", a), ("b.txt", b), ("c.txt", c), ("d.txt", d), ("p.jpg", picture) }
            .Select(f => DatasetInput.File(WriteFile(f.Item1, f.Item2)))]);

        Assert.Equal(["Prohibited", "Prohibited", "Prohibited", "Licensed", "Prohibited"], decisions.Select(x => x.Outcome));
        Assert.Equal(["Md5Match", "Sha1Match", "Sha256Match", "Licensed", "PdqMatch"], decisions.Select(x => x.Reason));
        Assert.All(decisions.Where(x => x.Match is not null), x => Assert.False(x.IsLicensed));
        Assert.All(decisions.Where(x => x.Match is not null), x => Assert.Null(x.Decision));
        Assert.Equal(DigestOf(a), decisions[0].Work);
        var pdq = decisions[4].Match!;
        Assert.Equal(("test-list", "7", HashKind.Pdq), (pdq.List, pdq.Version, pdq.Kind));
        Assert.InRange(pdq.Distance!.Value, 0, PdqMatch.MaxDistance);
        Assert.Contains($"distance {pdq.Distance}", decisions[4].Problem);
        // Only a sample that is not Prohibited keeps its hashes (a listed one's would be a listed hash).
        Assert.Null(decisions[0].Hashes);
        Assert.Equal(MD5.HashData(d), decisions[3].Hashes!.Md5);
        Assert.Equal(SHA1.HashData(d), decisions[3].Hashes!.Sha1);
    }

    [Fact]
    public async Task WithoutLists_NothingIsScreened_AndNoHashesAreKept()
    {
        var a = Bytes("a");
        var (view, request) = Ledger(a);
        using var check = new DatasetCheck(view, request);

        var decision = Assert.Single(await Decide(check, [DatasetInput.File(WriteFile("a.txt", a))]));

        Assert.Equal("Licensed", decision.Outcome);
        Assert.Null(decision.Hashes);
    }

    [Fact]
    public async Task ACachedDigest_StillHasItsBytesRead_WhenAListNeedsMoreThanSha256()
    {
        var a = Bytes("a");
        var (view, request) = Ledger(a);
        var cachePath = _directory.File("hashes.db");
        var file = WriteFile("a.txt", a);
        using (var warm = new DatasetCheck(view, request, () => SqliteHashCache.Open(cachePath))) await Decide(warm, [DatasetInput.File(file)]);

        using var md5 = new DatasetCheck(view, request, () => SqliteHashCache.Open(cachePath), screening: Lists(Convert.ToHexStringLower(MD5.HashData(a))));
        Assert.Equal("Prohibited", Assert.Single(await Decide(md5, [DatasetInput.File(file)])).Outcome);

        // A SHA-256 list needs nothing the digest is not: the cache serves it.
        using var sha256 = new DatasetCheck(view, request, () => SqliteHashCache.Open(cachePath), screening: Lists(Convert.ToHexStringLower(SHA256.HashData(a))));
        var decision = Assert.Single(await Decide(sha256, [DatasetInput.File(file)]));
        Assert.Equal("Sha256Match", decision.Reason);
        Assert.Null(decision.Hashes);
    }

    [Fact]
    public async Task ADigestAlone_IsScreenedBySha256Lists_AndNotScreenedByOthers_NeverLicensed()
    {
        byte[] a = Bytes("a"), b = Bytes("b");
        var (view, request) = Ledger(a, b);
        using var check = new DatasetCheck(view, request, screening: Lists(Convert.ToHexStringLower(SHA256.HashData(a)), new string('0', 32)));

        var decisions = await Decide(check, [DatasetInput.Digest(DigestOf(a)), DatasetInput.Digest(DigestOf(b))]);

        Assert.Equal(("Prohibited", "Sha256Match"), (decisions[0].Outcome, decisions[0].Reason));
        Assert.Equal(("Unreadable", "NotScreened"), (decisions[1].Outcome, decisions[1].Reason));
        Assert.Contains("md5", decisions[1].Problem);
        Assert.Equal(DigestOf(b), decisions[1].Work);
        Assert.False(decisions[1].IsLicensed);
    }

    [Fact]
    public async Task APictureThatDoesNotDecode_CannotBeCleared_ByAPdqList_AndIsLicensedWithoutOne()
    {
        // A JPEG cut short (ImageSharp would grey what is missing: the hash would not be the picture's), and a JPEG's start with nothing of one after it.
        byte[] truncated = Picture("a-base.jpg")[..2000], garbage = [0xFF, 0xD8, 0xFF, 0xE0, .. new byte[40]];
        var text = Bytes("notes");
        var (view, request) = Ledger(truncated, text, garbage);
        var files = new[] { WriteFile("cut.jpg", truncated), WriteFile("notes.txt", text), WriteFile("notes-named.png", text), WriteFile("start.jpg", garbage) };

        using var pdq = new DatasetCheck(view, request, screening: Lists("pdq:" + PdqVectors.ReferenceHash("b-base.png")));
        var decisions = await Decide(pdq, files.Select(DatasetInput.File));

        Assert.Equal(("Unreadable", "NotScreened"), (decisions[0].Outcome, decisions[0].Reason));
        Assert.Contains("PDQ", decisions[0].Problem);
        // Bytes that are no picture and not named as one have no PDQ hash to take: cleared.
        Assert.Equal("Licensed", decisions[1].Outcome);
        Assert.Equal(("Unreadable", "NotScreened"), (decisions[2].Outcome, decisions[2].Reason));
        Assert.Equal(("Unreadable", "NotScreened"), (decisions[3].Outcome, decisions[3].Reason));

        using var plain = new DatasetCheck(view, request);
        Assert.Equal("Licensed", (await Decide(plain, [DatasetInput.File(files[0])]))[0].Outcome);
    }

    [Fact]
    public async Task AShardSample_IsScreenedByItsMembersBytes_EvenWhenItsDigestComesFromMetadata()
    {
        var samples = Img2DatasetSample.Many(3);
        var shard = Img2DatasetShard.Write(_directory.File("shards"), 0, samples);
        var (view, request) = Ledger([.. samples.Select(s => s.Original)]);
        var lists = Lists(Convert.ToHexStringLower(MD5.HashData(samples[1].Stored)));

        var read = ShardReader.Read(shard, new ShardOptions { Screening = lists.Needs });
        using var check = new DatasetCheck(view, request, screening: lists);
        var decisions = await Decide(check, read.Samples);

        Assert.Equal(["Licensed", "Prohibited", "Licensed"], decisions.Select(d => d.Outcome));
        Assert.Equal(DigestSource.Metadata, decisions[1].DigestSource);
        Assert.Equal(samples[1].OriginalWork, decisions[1].Work);
        Assert.Equal(MD5.HashData(samples[0].Stored), decisions[0].Hashes!.Md5);
        // Without screening a metadata digest reads no member's bytes into hashes.
        Assert.All(ShardReader.Read(shard, new ShardOptions()).Samples, s => Assert.Null(s.Hashes));
    }

    [Fact]
    public async Task AShardSample_WithAMalformedDigest_IsStillFoundOnAList()
    {
        var samples = Img2DatasetSample.Many(2);
        var shard = Img2DatasetShard.Write(_directory.File("bad"), 0, samples, s => s.Json(j => j["sha256"] = "nope"));
        var (view, request) = Ledger();
        var lists = Lists(Convert.ToHexStringLower(SHA256.HashData(samples[0].Stored)));

        var read = ShardReader.Read(shard, new ShardOptions { Screening = lists.Needs });
        using var check = new DatasetCheck(view, request, screening: lists);
        var decisions = await Decide(check, read.Samples);

        Assert.Equal(["Prohibited", "Unreadable"], decisions.Select(d => d.Outcome));
        Assert.Equal("BadDigest", decisions[1].Reason);
    }

    [Fact]
    public void ScreeningLists_LookUpExactHashesBeforePdq_AndNeverMatchAnUntrustedSampleHash()
    {
        var listed = PdqVectors.ReferenceHash("a-base.jpg");
        var a = Bytes("a");
        var lists = Lists("pdq:" + listed, Convert.ToHexStringLower(MD5.HashData(a)));
        var needs = ScreeningNeeds.Md5 | ScreeningNeeds.Pdq;

        var both = lists.Screen(new SampleHashes(needs, MD5.HashData(a), null, null, new PdqResult(listed, 100)), null);
        var flat = lists.Screen(new SampleHashes(needs, MD5.HashData(Bytes("b")), null, null, new PdqResult(listed, PdqMatch.MinQuality - 1)), null);
        var none = lists.Screen(null, null);

        Assert.Equal(HashKind.Md5, both.Match!.Kind);
        Assert.True(flat.IsClear);
        Assert.Equal(needs, none.Unchecked);
        Assert.Equal(needs, lists.Needs);
    }

    [Fact]
    public void ContentHasher_TakesOnlyTheHashesAskedFor_InOnePass_AndResetsBetweenSamples()
    {
        var a = Bytes("a");
        using var hasher = new ContentHasher(ScreeningNeeds.Sha1, workDigest: false);

        hasher.Append(a.AsSpan(0, 5));
        hasher.Append(a.AsSpan(5));
        var (work, hashes) = hasher.Finish("a.txt");
        hasher.Append(Bytes("half"));
        hasher.Reset();
        var (_, again) = hasher.Hash(a, null);

        Assert.Equal(default, work);
        Assert.Equal(SHA1.HashData(a), hashes!.Sha1);
        Assert.Null(hashes.Md5);
        Assert.Null(hashes.Sha256);
        Assert.Null(hashes.Pdq);
        Assert.Equal(SHA1.HashData(a), again!.Sha1);
    }
}
