using System.Security.Cryptography;
using CreatorLedger.Datasets;
using CreatorLedger.Datasets.Screening;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// Exact screening in the dataset check (DESIGN §11): small files decided through <see cref="DatasetCheck"/> with a
/// list of MD5 and SHA-256 hashes against the same check without one, runs alternated, files in the page cache. The
/// check without a list is also set against reading and hashing the files alone: screening must cost nothing unasked.
/// </summary>
internal static class ExactScreeningBenchmark
{
    private const int Listed = 100;

    public static async Task<BenchmarkResult[]> RunAsync(int files, int listEntries, Action<string> log)
    {
        using var workspace = new Workspace("exact-screening");
        log($"Writing {files:N0} files, a ledger licensing them all and a list of {listEntries:N0} MD5 and SHA-256 hashes (not timed)...");
        var paths = RegistrationBenchmark.GenerateFiles(workspace.File("dataset"), files);
        var hashed = RegistrationBenchmark.HashAll(paths);
        using var developer = SigningKey.Generate();
        var at = LedgerTime.From(DateTimeOffset.UtcNow.AddDays(-1));
        var view = ConsentView.AsOf(Ledger([.. hashed.Select(h => h.Work)], developer.Id, at), LedgerTime.From(DateTimeOffset.UtcNow));
        var request = new DatasetRequest(developer.Id, Use.AiTrain);
        var listPath = workspace.File("list.txt");
        WriteList(listPath, paths, listEntries);
        ScreeningLists? lists = null;
        var loadSeconds = Measure.Seconds(() => lists = new ScreeningLists([Blocklist.Load(listPath)]));
        Parallel.ForEach(paths, p => File.ReadAllBytes(p));

        // Alternated, so that a machine that speeds up or slows down favours neither side.
        var plain = new List<double>();
        var screened = new List<double>();
        double baselineBefore = Measure.Seconds(() => RegistrationBenchmark.HashAll(paths));
        for (int round = 0; round < 3; round++)
        {
            plain.Add(await TimeAsync(view, request, paths, null, expectedProhibited: 0));
            screened.Add(await TimeAsync(view, request, paths, lists, expectedProhibited: Listed));
        }
        double baselineAfter = Measure.Seconds(() => RegistrationBenchmark.HashAll(paths));

        var list = lists!.Lists[0];
        long bytes = list.Md5!.Count * list.Md5.BytesPerEntry + list.Sha256Hashes!.Count * list.Sha256Hashes.BytesPerEntry;
        var exact = new BenchmarkResult($"Exact screening, {listEntries:N0}-entry MD5 + SHA-256 list", "files/s", files, screened.Average(),
            "the same check without a list", Measure.MeanRate(files, [.. plain]), 0.80);
        exact.Notes.Add($"list loaded in {loadSeconds:0.00} s, {(double)bytes / (list.Md5.Count + list.Sha256Hashes.Count):0.0} bytes per entry in memory; " +
            $"runs with the list {string.Join(", ", screened.Select(s => BenchmarkResult.FormatRate(files / s)))} files/s, " +
            $"without {string.Join(", ", plain.Select(s => BenchmarkResult.FormatRate(files / s)))} files/s; {Listed} listed files found Prohibited each time");
        var unasked = new BenchmarkResult("Dataset check without a list (screening unasked)", "files/s", files, plain.Average(), "read + SHA-256, all cores",
            Measure.MeanRate(files, baselineBefore, baselineAfter), null);
        unasked.Notes.Add("no hash but the digest is taken and nothing is decoded when no list is given; compare with the cold Test-LedgerLicense ratio");
        return [exact, unasked];
    }

    private static async Task<double> TimeAsync(ConsentView view, DatasetRequest request, string[] paths, ScreeningLists? lists, int expectedProhibited)
    {
        long licensed = 0, prohibited = 0;
        var seconds = await Measure.SecondsAsync(async () =>
        {
            using var check = new DatasetCheck(view, request, screening: lists);
            await foreach (var d in check.DecideAllAsync(paths.Select(DatasetInput.File)))
            {
                if (d.IsLicensed) licensed++;
                else if (d.Match is not null) prohibited++;
            }
        });
        if (prohibited != expectedProhibited || licensed + prohibited != paths.Length)
            throw new InvalidOperationException($"The check found {prohibited} prohibited and {licensed} licensed of {paths.Length}; expected {expectedProhibited} prohibited, the rest licensed.");
        return seconds;
    }

    // Half MD5, half SHA-256, random but for the MD5s of the first files: what the check must find.
    private static void WriteList(string path, string[] files, int entries)
    {
        var random = new Random(14);
        var bytes = new byte[32];
        using var writer = new StreamWriter(path);
        writer.WriteLine("# name: bench-hotline");
        writer.WriteLine("# version: 1");
        for (int i = 0; i < Listed; i++) writer.WriteLine(Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(files[i]))));
        for (int i = Listed; i < entries; i++)
        {
            random.NextBytes(bytes);
            writer.WriteLine(Convert.ToHexStringLower(i % 2 == 0 ? bytes.AsSpan(0, 16) : bytes));
        }
    }

    /// <summary>One creator registering every work in chains of 1,000 and granting them all to the developer.</summary>
    private static LicenseProjection Ledger(WorkId[] works, IdentityId developer, LedgerTime at)
    {
        using var key = SigningKey.Generate();
        var envelopes = new List<UnsignedEnvelope>();
        var drafts = new List<EventDraft> { new IdentityCreated("Bench creator", "creator").ToDraft() };
        drafts.AddRange(works.Select((w, i) => new RegisteredWork(w, $"work {i}", "application/octet-stream", 1).ToDraft()));
        drafts.Add(new LicenseGranted(null, null, developer, [Use.AiTrain], true, new Window(at), null, new LicenseTerms(null, false)).ToDraft());
        envelopes.AddRange(PayoutBenchmark.Chain(key.Id, at, drafts));
        var signed = new RecordedEvent[envelopes.Count];
        Parallel.For(0, signed.Length, i => signed[i] = new RecordedEvent(SignedEvent.Sign(envelopes[i], key), i + 1, at));
        return LicenseProjection.From(signed);
    }
}
