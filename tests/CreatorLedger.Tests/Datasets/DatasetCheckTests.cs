using System.Security.Cryptography;
using CreatorLedger.Datasets;
using CreatorLedger.Licensing;
using CreatorLedger.Sqlite;
using CreatorLedger.Tests.Licensing;
using Xunit;

namespace CreatorLedger.Tests.Datasets;

/// <summary>The core's dataset check (the application a cmdlet, a service or a notebook feeds): chunks, order, fail closed, the hash cache.</summary>
public sealed class DatasetCheckTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string WriteFile(string name, string content)
    {
        var path = _directory.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static WorkId DigestOf(string content) => WorkId.FromHash(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));

    /// <summary>Alice registered and licensed "licensed" to Dana; "theirs" is registered, not licensed; anything else is unregistered.</summary>
    private static (ConsentView View, DatasetRequest Request) Ledger()
    {
        var s = new LedgerScenario();
        s.Register(s.Alice, DigestOf("licensed"), LedgerScenario.Day(1));
        s.Register(s.Alice, DigestOf("theirs"), LedgerScenario.Day(1));
        s.Grant(s.Alice, LedgerScenario.Day(2), [DigestOf("licensed")], s.Dana);
        return (ConsentView.AsOf(s.Events, LedgerScenario.Day(3)), new DatasetRequest(s.Dana.Id, Use.AiTrain));
    }

    [Fact]
    public async Task DecideAll_DecidesFilesAndDigestsInInputOrder_AcrossChunks()
    {
        var (view, request) = Ledger();
        var inputs = new List<DatasetInput>();
        for (int i = 0; i < 25; i++)
            inputs.Add((i % 3) switch
            {
                0 => DatasetInput.File(WriteFile($"f{i:00}.txt", "licensed")),
                1 => DatasetInput.Digest(DigestOf("theirs")),
                _ => DatasetInput.File(WriteFile($"f{i:00}.txt", $"unregistered {i}")),
            });
        using var check = new DatasetCheck(view, request, chunkSize: 4);
        var decisions = new List<DatasetDecision>();
        await foreach (var d in check.DecideAllAsync(inputs)) decisions.Add(d);

        Assert.Equal(inputs, decisions.Select(d => d.Input));
        for (int i = 0; i < decisions.Count; i++)
            Assert.Equal((i % 3) switch { 0 => "Licensed", 1 => "NotLicensed", _ => "NotRegistered" }, decisions[i].Outcome);
        Assert.Equal(17, check.FilesHashed);
        Assert.All(decisions.Where(d => d.IsLicensed), d => Assert.Equal(DigestOf("licensed"), d.Work));
    }

    [Fact]
    public async Task AFileThatCannotBeRead_IsUnreadable_NeverLicensed()
    {
        var (view, request) = Ledger();
        var missing = _directory.File("gone.txt");
        using var check = new DatasetCheck(view, request);
        var decisions = new List<DatasetDecision>();
        await foreach (var d in check.DecideAllAsync([DatasetInput.File(missing), DatasetInput.File(WriteFile("ok.txt", "licensed"))])) decisions.Add(d);

        Assert.Equal(DatasetDecision.Unreadable, decisions[0].Outcome);
        Assert.Equal(DatasetDecision.Unreadable, decisions[0].Reason);
        Assert.False(decisions[0].IsLicensed);
        Assert.Null(decisions[0].Work);
        Assert.NotNull(decisions[0].Problem);
        Assert.True(decisions[1].IsLicensed);
    }

    [Fact]
    public async Task TheHashCache_IsTrustedWhileSizeAndTimeAreUnchanged_AndOpenedOnlyForFiles()
    {
        var (view, request) = Ledger();
        var file = WriteFile("a/work.txt", "licensed");
        var cachePath = _directory.File("hashes.db");
        int opened = 0;
        IHashCache Open() { opened++; return SqliteHashCache.Open(cachePath); }

        using (var digestsOnly = new DatasetCheck(view, request, Open))
            await foreach (var _ in digestsOnly.DecideAllAsync([DatasetInput.Digest(DigestOf("licensed"))])) { }
        Assert.Equal(0, opened);
        Assert.False(File.Exists(cachePath));

        async Task<DatasetDecision> Check()
        {
            using var check = new DatasetCheck(view, request, Open);
            var all = new List<DatasetDecision>();
            await foreach (var d in check.DecideAllAsync([DatasetInput.File(file)])) all.Add(d);
            return Assert.Single(all);
        }
        Assert.True((await Check()).IsLicensed);
        // Same size and modification time, other bytes: the cached digest is used (the file is not read again).
        var stamp = File.GetLastWriteTimeUtc(file);
        File.WriteAllText(file, "LICENSED");
        File.SetLastWriteTimeUtc(file, stamp);
        Assert.True((await Check()).IsLicensed);
        // A new time: the file is read again, and its new bytes decide.
        File.SetLastWriteTimeUtc(file, stamp.AddSeconds(5));
        Assert.Equal("NotRegistered", (await Check()).Outcome);
        Assert.Equal(3, opened);
    }

    [Fact]
    public void Request_WithATerritoryThatIsNotACode_IsRefusedAsInvalidTerms()
    {
        var e = Assert.Throws<LicensingException>(() => new DatasetRequest(new LedgerScenario().Dana.Id, Use.AiTrain, territory: "Germany"));
        Assert.Equal(LicensingProblem.InvalidTerms, e.Problem);
    }

    [Fact]
    public void InputFile_ReadsPathsAndDigests_RelativeToItsFolder_AndReportsMissingPaths()
    {
        WriteFile("set/one.txt", "1");
        WriteFile("set/deeper/two.txt", "2");
        var list = WriteFile("set/list.csv", $"Path,Note\nset-nothing.txt,x\n\"one.txt\",y\n{DigestOf("d").Value},z\ndeeper,w\n");
        var missing = new List<string>();
        var inputs = DatasetInputs.FromFile(list, missing.Add).ToList();
        Assert.Equal([_directory.File("set/one.txt"), null, _directory.File("set/deeper/two.txt")], inputs.Select(i => i.Path));
        Assert.Equal(DigestOf("d"), inputs[1].Work);
        Assert.Equal([_directory.File("set/set-nothing.txt")], missing);
    }
}
