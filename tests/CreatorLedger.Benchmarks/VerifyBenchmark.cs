using System.Diagnostics;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Sqlite;
using Microsoft.Data.Sqlite;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// Test-LedgerIntegrity without PowerShell: <see cref="LedgerVerifier.VerifyAsync"/> over a SQLite ledger's
/// <c>ReadAllAsync</c>. Baseline: raw Ed25519 verification of the same signed bytes on all cores.
/// The same ledger is then imported from its JSON Lines export into an empty store (Import-LedgerEvent) and synced into
/// an empty SQLite mirror (Sync-Ledger), each against the same baseline measured just before and after it: all three
/// check every signature, and the target for each is 0.85 of verification alone.
/// Also reports the store's read-back rate, against a bare SQLite read of the same rows.
/// </summary>
internal static class VerifyBenchmark
{
    public const string Name = "Integrity check";
    public const string ReadBackName = "SQLite read-back (ReadAllAsync)";
    public const string ImportName = "Import-LedgerEvent, JSON Lines into an empty store";
    public const string SyncName = "Sync-Ledger, SQLite into an empty SQLite mirror";

    public static async Task<BenchmarkResult[]> RunAsync(int count, bool profile)
    {
        using var workspace = new Workspace("verify");
        var (store, key) = await workspace.NewLedgerAsync("ledger.db");
        using var _ = store;
        using var __ = key;
        await new Author(store, key.Id, key).AppendAsync(AppendBenchmark.Drafts(count));

        // The baseline checks exactly the bytes the product checks: every envelope of the ledger.
        var events = new List<SignedEvent>();
        await foreach (var e in store.ReadAllAsync()) events.Add(e.Event);
        var signers = events.Select(e => e.Key).ToArray();
        var signedBytes = events.Select(e => e.SignedBytes.ToArray()).ToArray();
        var signatures = events.Select(e => e.Signature.ToArray()).ToArray();
        var envelopes = profile ? events.Select(e => e.Bytes).ToArray() : [];
        long items = events.Count;
        events.Clear();

        var baselineBefore = Measure.Seconds(() => VerifyAll(signers, signedBytes, signatures));
        IntegrityReport? report = null;
        var seconds = await Measure.SecondsAsync(async () => report = await LedgerVerifier.VerifyAsync(store));
        if (!report!.IsValid || report.Events != items)
            throw new InvalidOperationException($"The integrity check found {report.Problems.Count} problem(s) in {report.Events} events, expected none in {items}.");
        var baselineAfter = Measure.Seconds(() => VerifyAll(signers, signedBytes, signatures));

        var verify = new BenchmarkResult(Name, "events/s", items, seconds, "Ed25519 verify, all cores",
            Measure.MeanRate(items, baselineBefore, baselineAfter), 0.85);
        verify.Notes.Add($"baseline runs: {BenchmarkResult.FormatRate(items / baselineBefore)} and {BenchmarkResult.FormatRate(items / baselineAfter)} verifications/s");

        // Import and sync, each between its own two baseline runs (the machine's pace drifts by a tenth over a minute).
        var exported = workspace.File("ledger.jsonl");
        await using (var output = File.Create(exported)) await JsonLines.WriteAsync(store.ReadEnvelopesAsync(), output);
        long imported = 0;
        var importSeconds = await Measure.SecondsAsync(async () =>
        {
            using var target = SqliteEventStore.Open(workspace.File("imported.db"));
            await using var input = File.OpenRead(exported);
            imported = (await LedgerImport.ImportAsync(target, JsonLines.Read(input))).Imported;
        });
        var baselineAfterImport = Measure.Seconds(() => VerifyAll(signers, signedBytes, signatures));
        var import = new BenchmarkResult(ImportName, "events/s", imported, importSeconds, "Ed25519 verify, all cores",
            Measure.MeanRate(items, baselineAfter, baselineAfterImport), 0.85);
        long copied = 0;
        var syncSeconds = await Measure.SecondsAsync(async () =>
        {
            using var mirror = SqliteEventStore.Open(workspace.File("mirror.db"));
            copied = (await LedgerSync.SyncAsync(store, mirror)).Copied;
        });
        var baselineAfterSync = Measure.Seconds(() => VerifyAll(signers, signedBytes, signatures));
        var sync = new BenchmarkResult(SyncName, "events/s", copied, syncSeconds, "Ed25519 verify, all cores",
            Measure.MeanRate(items, baselineAfterImport, baselineAfterSync), 0.85);
        if (imported != items || copied != items)
            throw new InvalidOperationException($"Imported {imported} and synced {copied} events of {items}.");

        var rawBefore = Measure.Seconds(() => SqliteRows.Read(store.Path, withId: false));
        long read = 0;
        var readSeconds = await Measure.SecondsAsync(async () => { await foreach (var e in store.ReadAllAsync()) read++; });
        var rawAfter = Measure.Seconds(() => SqliteRows.Read(store.Path, withId: false));
        var readBack = new BenchmarkResult(ReadBackName, "events/s", read, readSeconds, "bare SQLite SELECT of the same rows",
            Measure.MeanRate(read, rawBefore, rawAfter), null);
        readBack.Notes.Add("information only: ReadAllAsync parses every envelope (SignedEvent.TryParse); the baseline only copies the bytes out");

        if (profile)
        {
            await ProfileAsync(store, envelopes, seconds, Math.Min(baselineBefore, baselineAfter), verify.Notes);
            await ProfileWriteAsync(workspace, envelopes, importSeconds, import.Notes);
        }
        return [verify, import, sync, readBack];
    }

    /// <summary>
    /// The import's part that no other core can share: its chain rules and the store's append of events already parsed
    /// and verified, timed alone. An import verifies the whole file before it writes (it is one atomic append), so its
    /// time is verification's plus this; a sync overlaps the two, and this is the thread verification cannot use.
    /// </summary>
    private static async Task ProfileWriteAsync(Workspace workspace, byte[][] envelopes, double total, List<string> notes)
    {
        var verified = LedgerImport.Verify([.. envelopes.Select((bytes, i) => ((long)i + 1, bytes))]);
        using var target = SqliteEventStore.Open(workspace.File("written.db"));
        var write = await Measure.SecondsAsync(() => LedgerImport.ImportAsync(target, verified));
        notes.Add($"profile: chain rules and the append of {verified.Count:N0} verified events, 1 thread: {AppendBenchmark.Share(write, total)}");
    }

    private static void VerifyAll(IdentityId[] signers, byte[][] data, byte[][] signatures)
    {
        int bad = 0;
        Parallel.For(0, data.Length, i =>
        {
            if (!SignatureVerifier.Verify(signers[i], data[i], signatures[i])) Interlocked.Increment(ref bad);
        });
        if (bad > 0) throw new InvalidOperationException($"{bad} baseline signature(s) did not verify.");
    }

    /// <summary>
    /// Where the verifier's time goes, each step timed alone: reading the rows (no parse), parsing every envelope once
    /// (the verifier does it on all cores, beside each signature check; timed here on one thread), signature checks on
    /// all cores; the rest is the chain rules and the Merkle tree, on the consuming thread.
    /// </summary>
    private static async Task ProfileAsync(SqliteEventStore store, byte[][] envelopes, double total, double verifyAll, List<string> notes)
    {
        var read = await Measure.SecondsAsync(async () => { await foreach (var _ in store.ReadEnvelopesAsync()) { } });
        var parse = Measure.Seconds(() =>
        {
            foreach (var bytes in envelopes)
                if (!SignedEvent.TryParse(bytes, out _, out var problem)) throw new InvalidOperationException(problem);
        });
        // The full parse every envelope took before the signed-form read, timed the same way in the same run.
        var document = Measure.Seconds(() =>
        {
            foreach (var bytes in envelopes)
                if (!SignedEvent.TryParseDocument(bytes, out _, out var problem)) throw new InvalidOperationException(problem);
        });
        notes.Add($"profile of one VerifyAsync ({BenchmarkResult.FormatSeconds(total)} s), each step timed alone:");
        notes.Add($"  reading the rows (ReadEnvelopesAsync, no parse), 1 thread: {BenchmarkResult.FormatSeconds(read)} s");
        notes.Add($"  SignedEvent.TryParse of every envelope, once, timed on 1 thread (the verifier runs it on all cores): {BenchmarkResult.FormatSeconds(parse)} s");
        notes.Add($"    the full parse (a document, canonical form written again) would take {BenchmarkResult.FormatSeconds(document)} s");
        notes.Add($"  signature checks alone, all cores: {AppendBenchmark.Share(verifyAll, total)}");
    }
}
