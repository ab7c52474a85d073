using System.Numerics;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;

namespace CreatorLedger.Payouts;

/// <summary>
/// Payouts from usage reports and grant terms (issue 4), recomputable by anyone holding the ledger. Each reported work
/// is decided at the checkpoint its manifest was made at (the grants it was used under); works not licensed to the
/// reporting developer there earn nothing and are noted. Charges are grouped per owner and per mandate of the society
/// (whose commission is deducted per line); amounts are exact decimals rounded to the currency's minor unit by the
/// largest remainder, so lines sum exactly to the pool (or to the rounded total of the fees).
/// </summary>
public static class PayoutRules
{
    private readonly record struct Usage(UsageReport Report, WorkId Work, Use Use, IdentityId Owner, IReadOnlyList<EventId> Grants);

    private sealed class LineBuilder(IdentityId owner, Mandate? mandate)
    {
        public IdentityId Owner { get; } = owner;
        public Mandate? Mandate { get; } = mandate;
        public SortedSet<string> Works { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> Grants { get; } = new(StringComparer.Ordinal);
        public SortedSet<long> Reports { get; } = [];
        public Dictionary<long, EventId> ReportIds { get; } = [];
        public decimal Exact { get; set; }
        public BigInteger Weight { get; set; }
        public string Key => Owner.Value + " " + (Mandate?.Id.Hex ?? "");

        public void Add(Usage usage, EventId? grant)
        {
            Works.Add(usage.Work.Value);
            if (grant is { } g) Grants.Add(g.Hex);
            Reports.Add(usage.Report.Position);
            ReportIds[usage.Report.Position] = usage.Report.Id;
        }
    }

    /// <summary>
    /// Computes the statement for <paramref name="request"/> on the ledger's first <paramref name="checkpoint"/>.Size
    /// events, once the checkpoint's root is verified to be <paramref name="store"/>'s at that size (a statement for
    /// another ledger, or a rewritten one, is refused with <see cref="CheckpointMismatchException"/>).
    /// <paramref name="projection"/> must be at the store's head.
    /// </summary>
    public static async Task<PayoutStatement> ComputeAsync(IEventStore store, LicenseProjection projection, Checkpoint checkpoint, PayoutRequest request,
        CancellationToken cancellationToken = default)
    {
        var head = projection.Checkpoint ?? await store.HeadAsync(cancellationToken).ConfigureAwait(false);
        await store.VerifyCheckpointAsync(checkpoint, head, cancellationToken).ConfigureAwait(false);
        return Compute(projection, checkpoint, request);
    }

    /// <summary>The same on a checkpoint already verified against the projection's ledger (tests, benchmarks).</summary>
    internal static PayoutStatement Compute(LicenseProjection projection, Checkpoint checkpoint, PayoutRequest request)
    {
        if (!UsageReported.IsPeriod(request.Period)) throw new ArgumentException($"'{request.Period}' is not a month (yyyy-MM).", nameof(request));
        var view = projection.At(LedgerCut.AtSize(checkpoint.Size));
        var notes = new List<string>();
        var lines = new Dictionary<string, LineBuilder>(StringComparer.Ordinal);
        LineBuilder LineFor(Usage usage)
        {
            var mandate = request.Society is { } society ? projection.Head.MandateFor(society, usage.Owner, [usage.Work], [usage.Use], usage.Report.At) : null;
            var key = usage.Owner.Value + " " + (mandate?.Id.Hex ?? "");
            if (!lines.TryGetValue(key, out var line)) lines[key] = line = new LineBuilder(usage.Owner, mandate);
            return line;
        }

        var inPeriod = Usages(projection, view, r => r.Data.Period == request.Period, notes);
        if (request.Rule == PayoutRule.Pool) Pool(request, inPeriod, LineFor, notes);
        else Fees(projection, view, request, inPeriod, LineFor, notes);

        var built = lines.Values.Where(l => request.Rule == PayoutRule.Pool ? !l.Weight.IsZero : l.Exact > 0 || l.Grants.Count > 0)
            .OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        var currency = request.Currency;
        long[] units;
        if (built.Count == 0) units = [];
        else if (request.Rule == PayoutRule.Pool)
        {
            if (!currency.TryToUnits(request.Pool ?? 0, out var pool) || pool < 0)
                throw new ArgumentException($"The pool {request.Pool} is not a non-negative amount in {currency} ({currency.MinorDigits} decimals at most).", nameof(request));
            units = LargestRemainder.Split(pool, [.. built.Select(l => l.Weight)], [.. built.Select(l => l.Key)]);
        }
        else
        {
            var scale = Currency.Pow10(currency.MinorDigits);
            var exact = built.Select(l => l.Exact * scale).ToArray();
            var total = (long)decimal.Round(exact.Sum(), 0, MidpointRounding.ToEven);
            units = LargestRemainder.Round(exact, total, [.. built.Select(l => l.Key)]);
        }
        var result = new List<PayoutLine>(built.Count);
        for (int i = 0; i < built.Count; i++)
        {
            var line = built[i];
            var percent = line.Mandate?.Terms.CommissionPercent ?? 0m;
            long commission = (long)decimal.Round(units[i] * percent / 100m, 0, MidpointRounding.ToEven);
            result.Add(new PayoutLine(line.Owner, line.Mandate?.Id, percent,
                [.. line.Works.Select(WorkId.Parse)], [.. line.Grants.Select(EventId.Parse)], [.. line.Reports.Select(p => line.ReportIds[p])],
                request.Rule, currency.FromUnits(units[i]), currency.FromUnits(commission), currency.FromUnits(units[i] - commission)));
        }
        return new PayoutStatement(request, checkpoint, result, notes);
    }

    private static void Pool(PayoutRequest request, List<Usage> usages, Func<Usage, LineBuilder> lineFor, List<string> notes)
    {
        // Each work used counts once, with its owner and mandate as of its first reported use in the period.
        var seen = new HashSet<WorkId>();
        foreach (var usage in usages)
        {
            var line = lineFor(usage);
            line.Add(usage, usage.Grants.Count > 0 ? usage.Grants[0] : null);
            if (!seen.Add(usage.Work)) continue;
            decimal weight = 1m;
            if (request.Weights is { } weights && !weights.TryGetValue(usage.Work, out weight))
            {
                weight = 0m;
                notes.Add($"{usage.Work} has no weight: it shares nothing of the pool.");
            }
            line.Weight += ToInteger(weight);
        }
    }

    // Weights are exact decimals with at most 9 digits after the point: scaled to integers, they divide exactly.
    private static BigInteger ToInteger(decimal weight)
    {
        if (weight < 0) throw new ArgumentException($"A weight cannot be negative ({weight}).");
        var scaled = weight * 1_000_000_000m;
        if (scaled != decimal.Truncate(scaled)) throw new ArgumentException($"A weight has at most 9 decimals ({weight}).");
        return new BigInteger(scaled);
    }

    private static void Fees(LicenseProjection projection, LicenseView view, PayoutRequest request, List<Usage> usages, Func<Usage, LineBuilder> lineFor,
        List<string> notes)
    {
        var currency = request.Currency.Code;
        var chargedRuns = new HashSet<(long Report, EventId Grant)>();
        var chargedYears = new HashSet<(IdentityId Developer, EventId Grant)>();
        var year = request.Period[..4];
        // A yearly fee is owed once per developer, grant and year: in the first month of the year the grant was used.
        Dictionary<(IdentityId Developer, EventId Grant), string>? firstMonth = null;
        foreach (var usage in usages)
        {
            var fee = FeeGrant(view, usage, currency);
            var line = lineFor(usage);
            if (fee is not { } found)
            {
                line.Add(usage, usage.Grants.Count > 0 ? usage.Grants[0] : null);
                continue;
            }
            var (grant, amount, per) = found;
            switch (per)
            {
                case "work":
                    line.Exact += amount;
                    break;
                case "run":
                    if (chargedRuns.Add((usage.Report.Position, grant))) line.Exact += amount;
                    break;
                case "year":
                    firstMonth ??= FirstMonths(projection, view, year, currency, notes);
                    if (firstMonth.GetValueOrDefault((usage.Report.Developer, grant)) == request.Period && chargedYears.Add((usage.Report.Developer, grant)))
                        line.Exact += amount;
                    break;
            }
            line.Add(usage, grant);
        }
    }

    private static Dictionary<(IdentityId, EventId), string> FirstMonths(LicenseProjection projection, LicenseView view, string year, string currency, List<string> notes)
    {
        var first = new Dictionary<(IdentityId, EventId), string>();
        foreach (var usage in Usages(projection, view, r => r.Data.Period.StartsWith(year, StringComparison.Ordinal), null))
        {
            if (FeeGrant(view, usage, currency) is not { Per: "year" } fee) continue;
            var key = (usage.Report.Developer, fee.Grant);
            if (!first.TryGetValue(key, out var month) || string.CompareOrdinal(usage.Report.Data.Period, month) < 0) first[key] = usage.Report.Data.Period;
        }
        return first;
    }

    /// <summary>The grant whose fee a use is charged under: the first of the licensing grants with a fee in the currency.</summary>
    private static (EventId Grant, decimal Amount, string Per)? FeeGrant(LicenseView view, Usage usage, string currency)
    {
        foreach (var id in usage.Grants)
            if (view.FindGrant(id)?.License.Terms.Fee is { } fee && fee.Currency == currency) return (id, fee.Amount, fee.Per);
        return null;
    }

    /// <summary>
    /// Every reported (work, use) of the reports selected, decided for the reporting developer at the report's
    /// checkpoint (or, without one, as of the report's time): licensed ones with their owner and grants.
    /// </summary>
    private static List<Usage> Usages(LicenseProjection projection, LicenseView view, Func<UsageReport, bool> select, List<string>? notes)
    {
        var usages = new List<Usage>();
        foreach (var report in view.UsageReports.Where(select))
        {
            var data = report.Data;
            var size = Math.Min(data.Checkpoint?.Size ?? view.Position, view.Position);
            var licenses = data.Checkpoint is null ? projection.At(new LedgerCut(size, report.At)) : projection.At(LedgerCut.AtSize(size));
            var evaluatedAt = data.DecidedAt ?? report.At;
            foreach (var work in data.Works)
            {
                var use = data.Uses[0];
                var decision = ConsentRules.Decide(licenses, new ConsentRequest(work, report.Developer, use), evaluatedAt);
                if (decision is { IsLicensed: true, Owner: { } owner }) usages.Add(new Usage(report, work, use, owner, decision.GrantIds));
                else notes?.Add($"{work} in usage report {report.Id} ({data.Run}) was not licensed to {report.Developer} at its checkpoint ({decision.Reason}): it earns nothing.");
            }
        }
        return usages;
    }
}
