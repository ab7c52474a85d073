using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Payouts;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// Get-LedgerPayout without PowerShell (issue 4): a month of usage reports naming 100,000 (report, work) lines over
/// 10,000 creators, each with 10 works and a grant at a fee per work, half of them mandating the society. Timed: the
/// fees statement and the pool statement, each decided at the reports' checkpoint. The ledger is built in memory.
/// </summary>
internal static class PayoutBenchmark
{
    public static Task<BenchmarkResult[]> RunAsync(int lines, Action<string> log)
    {
        int creators = Math.Max(10, lines / 10);
        log($"Writing a ledger of {creators:N0} creators and {lines:N0} usage lines in memory (not timed)...");
        var at = LedgerTime.From(DateTimeOffset.UtcNow.AddDays(-1));
        var chains = new List<List<UnsignedEnvelope>>();
        var keys = new List<SigningKey>();
        using var society = SigningKey.Generate();
        using var developer = SigningKey.Generate();
        chains.Add(Chain(society.Id, at, [new IdentityCreated("Society", "society").ToDraft()]));
        keys.Add(society);
        var works = new List<WorkId>(creators * 10);
        for (int c = 0; c < creators; c++)
        {
            var key = SigningKey.Generate();
            var drafts = new List<EventDraft> { new IdentityCreated($"Creator {c}", "creator").ToDraft() };
            for (int w = 0; w < 10; w++)
            {
                var work = WorkId.FromHash(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes((long)c * 10 + w)));
                works.Add(work);
                drafts.Add(new RegisteredWork(work, $"work {w}", "text/plain", 1).ToDraft());
            }
            if (c % 2 == 0) drafts.Add(new MandateGranted(society.Id, null, [Use.AiTrain], new Window(at), 12.5m).ToDraft());
            drafts.Add(new LicenseGranted(null, null, developer.Id, [Use.AiTrain], true, new Window(at), null,
                new LicenseTerms(new Fee(0.01m, "EUR", "work"), false)).ToDraft());
            chains.Add(Chain(key.Id, at, drafts));
            keys.Add(key);
        }
        var developerIdentity = Chain(developer.Id, at, [new IdentityCreated("Developer", "developer").ToDraft()])[0];
        var ordered = chains.SelectMany(c => c).Append(developerIdentity).ToList();
        var checkpoint = MerkleTree.CheckpointOf(ordered.Select(e => e.Id));
        var period = at.Value.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var reports = new List<EventDraft>();
        for (int r = 0; r * 1_000 < lines; r++)
            reports.Add(new UsageReported($"run-{r}", new string('a', 64), works.Skip(r * 1_000 % works.Count).Take(Math.Min(1_000, lines - r * 1_000)).ToArray(),
                period, [Use.AiTrainGenerative], checkpoint, at).ToDraft());
        ordered.AddRange(Chain(developer.Id, at, reports, developerIdentity));
        var signers = chains.Select((c, i) => (c, keys[i])).SelectMany(p => p.c.Select(e => p.Item2))
            .Concat(Enumerable.Repeat(developer, reports.Count + 1)).ToArray();
        var signed = new RecordedEvent[ordered.Count];
        Parallel.For(0, ordered.Count, i => signed[i] = new RecordedEvent(SignedEvent.Sign(ordered[i], signers[i]), i + 1, at));
        foreach (var key in keys.Skip(1)) key.Dispose();
        var projection = LicenseProjection.From(signed);
        var head = projection.Checkpoint!.Value;

        PayoutStatement? fees = null, pool = null;
        var eur = Currency.TryFind("EUR", out var found) ? found : throw new InvalidOperationException("EUR is unknown.");
        var feesSeconds = Measure.Seconds(() => fees = PayoutRules.Compute(projection, head,
            new PayoutRequest(period, eur, PayoutRule.Fees, Society: society.Id)));
        var poolSeconds = Measure.Seconds(() => pool = PayoutRules.Compute(projection, head,
            new PayoutRequest(period, eur, PayoutRule.Pool, 1_000_000m, Society: society.Id)));
        long usage = reports.Count == 0 ? 0 : signed.Skip(ordered.Count - reports.Count).Sum(e => UsageReported.TryRead(e.Event.Data, out var u, out _) ? u.Works.Count : 0);
        if (pool!.Total != 1_000_000m) throw new InvalidOperationException($"The pool statement sums to {pool.Total}, not 1,000,000.");
        if (fees!.Total != usage * 0.01m) throw new InvalidOperationException($"The fees statement sums to {fees.Total}, not {usage * 0.01m}.");
        var feesResult = new BenchmarkResult($"Payout by fees, {fees.Lines.Count:N0} creators", "usage lines/s", usage, feesSeconds, "none (absolute target)", double.NaN, null)
            { MaxSeconds = 2.0 * usage / 100_000 };
        var poolResult = new BenchmarkResult($"Payout of a pool, {pool.Lines.Count:N0} creators", "usage lines/s", usage, poolSeconds, "none (absolute target)", double.NaN, null)
            { MaxSeconds = 2.0 * usage / 100_000 };
        return Task.FromResult<BenchmarkResult[]>([feesResult, poolResult]);
    }

    /// <summary>The stream's envelopes for <paramref name="drafts"/>, after <paramref name="after"/> when the stream already has events.</summary>
    internal static List<UnsignedEnvelope> Chain(IdentityId stream, LedgerTime at, IReadOnlyList<EventDraft> drafts, UnsignedEnvelope? after = null)
    {
        var chain = new List<UnsignedEnvelope>(drafts.Count);
        EventId? prev = after?.Id;
        long seq = after?.Seq ?? 0;
        foreach (var draft in drafts)
        {
            var envelope = new UnsignedEnvelope(stream, ++seq, prev, draft, at, stream);
            chain.Add(envelope);
            prev = envelope.Id;
        }
        return chain;
    }
}
