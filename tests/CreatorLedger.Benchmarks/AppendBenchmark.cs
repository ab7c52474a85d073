using System.Diagnostics;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Sqlite;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// <see cref="Author.AppendAsync(IReadOnlyList{EventDraft}, IProgress{int}?, CancellationToken)"/> of license grants (one
/// work each, to one licensee, as a creator licensing a catalogue work by work writes them) into a fresh SQLite ledger.
/// Baseline: raw Ed25519 signing of as many 400-byte messages on all cores.
/// </summary>
internal static class AppendBenchmark
{
    public const string Name = "Batched signed append";
    public const int MessageBytes = 400;

    public static async Task<BenchmarkResult> RunAsync(int count, bool profile)
    {
        using var workspace = new Workspace("append");
        var drafts = Grants(count);
        var messages = new byte[count][];
        for (int i = 0; i < count; i++) Random.Shared.NextBytes(messages[i] = new byte[MessageBytes]);

        var (store, key) = await workspace.NewLedgerAsync("ledger.db");
        using var _ = store;
        using var __ = key;
        var baselineBefore = Measure.Seconds(() => SignAll(key, messages));
        IReadOnlyList<SignedEvent> written = [];
        var seconds = await Measure.SecondsAsync(async () => written = await new Author(store, key.Id, key).AppendAsync(drafts));
        if (written.Count != count) throw new InvalidOperationException($"Appended {written.Count} events, expected {count}.");
        var baselineAfter = Measure.Seconds(() => SignAll(key, messages));

        var result = new BenchmarkResult(Name, "events/s", count, seconds, $"Ed25519 sign {MessageBytes} B, all cores",
            Measure.MeanRate(count, baselineBefore, baselineAfter), 0.60);
        result.Notes.Add($"envelopes: {written.Average(e => e.Bytes.Length):0} B on average, {written.Average(e => e.SignedBytes.Length):0} B signed");
        result.Notes.Add($"baseline runs: {BenchmarkResult.FormatRate(count / baselineBefore)} and {BenchmarkResult.FormatRate(count / baselineAfter)} signatures/s");
        // The issue names "NSec's raw signing rate" without saying on how many cores: show the one-core ratio too.
        var oneCore = count / Measure.Seconds(() => SignAll(key, messages, cores: 1));
        result.Notes.Add($"one-core baseline: {BenchmarkResult.FormatRate(oneCore)} signatures/s, ratio {BenchmarkResult.FormatRatio(result.Rate / oneCore)}");
        if (profile) await ProfileAsync(workspace, key, drafts, result.Notes);
        return result;
    }

    public static EventDraft[] Drafts(int count)
    {
        var drafts = new EventDraft[count];
        var hash = new byte[32];
        for (int i = 0; i < count; i++)
        {
            Random.Shared.NextBytes(hash);
            drafts[i] = new RegisteredWork(WorkId.FromHash(hash), $"work-{i:D7}.png", "image/png", 1000 + i).ToDraft();
        }
        return drafts;
    }

    /// <summary>Grants of one random work each to one licensee, for AI training, from today, with no end.</summary>
    public static EventDraft[] Grants(int count)
    {
        var drafts = new EventDraft[count];
        var hash = new byte[32];
        using var licensee = SigningKey.Generate();
        var window = new Window(LedgerTime.From(DateTimeOffset.UtcNow.Date));
        for (int i = 0; i < count; i++)
        {
            Random.Shared.NextBytes(hash);
            drafts[i] = new LicenseGranted([WorkId.FromHash(hash)], null, licensee.Id, [Use.AiTrain], false, window, null, new LicenseTerms(null, false)).ToDraft();
        }
        return drafts;
    }

    private static void SignAll(SigningKey key, byte[][] messages, int cores = -1)
    {
        var signatures = new byte[messages.Length][];
        Parallel.For(0, messages.Length, new ParallelOptions { MaxDegreeOfParallelism = cores }, i => signatures[i] = key.Sign(messages[i]));
    }

    /// <summary>
    /// The steps Author and the SQLite store take, timed one by one over the same drafts, in batches of
    /// <see cref="Author.BatchSize"/> like the product: where the time of an append goes.
    /// </summary>
    private static async Task ProfileAsync(Workspace workspace, SigningKey key, EventDraft[] drafts, List<string> notes)
    {
        using var store = SqliteEventStore.Open(workspace.File("profile.db"));
        var created = await Author.CreateIdentityAsync(store, key, new IdentityCreated("Bench Creator", "creator"));
        double envelopes = 0, rawSign = 0, signAndParse = 0, verify = 0, storeAppend = 0;
        long seq = 1;
        var prev = created.Id;
        var at = created.At;
        for (int offset = 0; offset < drafts.Length; offset += Author.BatchSize)
        {
            var batch = drafts.AsSpan(offset, Math.Min(Author.BatchSize, drafts.Length - offset)).ToArray();
            var unsigned = new UnsignedEnvelope[batch.Length];
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < batch.Length; i++)
            {
                unsigned[i] = new UnsignedEnvelope(key.Id, ++seq, prev, batch[i], at, key.Id);
                prev = unsigned[i].Id;
            }
            envelopes += watch.Elapsed.TotalSeconds;

            watch.Restart();
            Parallel.For(0, batch.Length, i => key.Sign(unsigned[i].SignedBytes));
            rawSign += watch.Elapsed.TotalSeconds;

            var signed = new SignedEvent[batch.Length];
            watch.Restart();
            Parallel.For(0, batch.Length, i => signed[i] = SignedEvent.Sign(unsigned[i], key));
            signAndParse += watch.Elapsed.TotalSeconds;

            watch.Restart();
            if (AppendRules.FirstBadSignature(signed) >= 0) throw new InvalidOperationException("A fresh signature did not verify.");
            verify += watch.Elapsed.TotalSeconds;

            watch.Restart();
            await store.AppendAsync(key.Id, ExpectedRevision.After(seq - batch.Length), signed);
            storeAppend += watch.Elapsed.TotalSeconds;
        }
        var total = envelopes + signAndParse + storeAppend;
        notes.Add($"profile over {drafts.Length:N0} drafts (sum {BenchmarkResult.FormatSeconds(total)} s):");
        notes.Add($"  UnsignedEnvelope (JsonObject, ToJsonString, re-parse, canonicalize, SHA-256), 1 thread: {Share(envelopes, total)}");
        notes.Add($"  SignedEvent.Sign on all cores: {Share(signAndParse, total)}, of which raw Ed25519 sign ≈ {BenchmarkResult.FormatSeconds(rawSign)} s and Parse after signing ≈ {BenchmarkResult.FormatSeconds(Math.Max(0, signAndParse - rawSign))} s");
        notes.Add($"  store.AppendAsync: {Share(storeAppend, total)}, of which signature re-verification (AppendRules.VerifySignatures) ≈ {BenchmarkResult.FormatSeconds(verify)} s " +
            $"and checks + SQLite insert + commit ≈ {BenchmarkResult.FormatSeconds(Math.Max(0, storeAppend - verify))} s");
    }

    internal static string Share(double part, double total) =>
        $"{BenchmarkResult.FormatSeconds(part)} s ({part / total:P0})";
}
