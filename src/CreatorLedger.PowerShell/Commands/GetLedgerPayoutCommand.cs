using System.Management.Automation;
using CreatorLedger.Events;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Payouts;

namespace CreatorLedger.PowerShell.Commands;

/// <summary>
/// Computes a month's payout from usage reports and grant terms: per grant fees, or a pool split over the works used
/// (equal, or by weight), to owners, with the society's commission deducted where its mandates cover the usage.
/// Exact, rounded to the currency's minor unit so that lines sum to the pool; the same ledger and checkpoint always
/// give the same lines (pipe them to Export-Csv for a statement).
/// </summary>
[Cmdlet(VerbsCommon.Get, "LedgerPayout", DefaultParameterSetName = FeesSet)]
[OutputType(typeof(PayoutLine))]
public sealed class GetLedgerPayoutCommand : LedgerCmdlet
{
    private const string FeesSet = "Fees";
    private const string PoolSet = "Pool";

    [Parameter(Mandatory = true, Position = 0)]
    public string Period { get; set; } = "";

    /// <summary>An ISO 4217 code: the currency of the pool, or of the fees counted.</summary>
    [Parameter(Mandatory = true)]
    public string Currency { get; set; } = "";

    /// <summary>Split this amount over the works used (pool rule) instead of counting grant fees.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PoolSet)]
    public decimal Pool { get; set; }

    /// <summary>A CSV with Work and Weight columns: the pool is split by weight instead of equally.</summary>
    [Parameter(ParameterSetName = PoolSet)]
    public string? WeightFile { get; set; }

    /// <summary>The society whose commission is deducted where its mandates cover the usage.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Society { get; set; }

    /// <summary>Compute on the ledger as it was at this checkpoint (size:root); default: its head.</summary>
    [Parameter]
    public string? Checkpoint { get; set; }

    protected override void EndProcessing()
    {
        if (!UsageReported.IsPeriod(Period))
            ThrowArgumentError(ErrorIds.InvalidPeriod, $"'{Period}' is not a month: write it yyyy-MM, such as 2026-11.", Period);
        if (!Payouts.Currency.TryFind(Currency, out var currency))
            ThrowArgumentError(ErrorIds.UnknownCurrency, $"'{Currency}' is not an ISO 4217 currency code in use (such as EUR, USD, JPY).", Currency);
        if (ParameterSetName == PoolSet && (Pool < 0 || !currency.TryToUnits(Pool, out _)))
            ThrowArgumentError(ErrorIds.InvalidAmount, $"-Pool must be a non-negative amount with at most {currency.MinorDigits} decimal(s) in {currency.Code}, not {Pool}.", Pool);
        var store = ConnectedStore();
        var projection = LoadProjection(store);
        var names = projection.Head;
        var society = Society is null ? (Identity.IdentityId?)null : ResolveIdentity(Society, names);
        var weights = ReadWeights(WeightFile);
        var checkpoint = projection.Checkpoint ?? Guard(() => Run(store.HeadAsync()));
        // Under a trust policy, the month is computed at the newest checkpoint its witnesses cosigned, not at the head.
        if (Checkpoint is null && SessionTrust() is { } trust) checkpoint = AcceptedCheckpoint(trust, store).Checkpoint;
        if (Checkpoint is not null && !Base.Checkpoint.TryParse(Checkpoint, out checkpoint))
            ThrowArgumentError(ErrorIds.InvalidCheckpoint, $"'{Checkpoint}' is not a checkpoint (size:root, as Get-LedgerCheckpoint writes it).", Checkpoint);
        var request = new PayoutRequest(Period, currency, ParameterSetName == PoolSet ? PayoutRule.Pool : PayoutRule.Fees,
            ParameterSetName == PoolSet ? Pool : null, weights, society);
        PayoutStatement statement = null!;
        // The computation verifies the checkpoint's root is this ledger's: a statement for another ledger is refused.
        try { statement = Guard(() => Run(PayoutRules.ComputeAsync(store, projection, checkpoint, request))); }
        catch (CheckpointMismatchException e) { ThrowTerminatingError(new ErrorRecord(e, ErrorIds.CheckpointMismatch, ErrorCategory.InvalidArgument, Checkpoint)); }
        catch (ArgumentException e) { ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidAmount, ErrorCategory.InvalidArgument, Pool)); }
        foreach (var note in statement.Notes) WriteWarning(note);
        if (statement.Lines.Count == 0) WriteWarning($"No usage in {Period} earns anything in {currency.Code} on this ledger.");
        foreach (var line in statement.Lines) WriteObject(Views.ToPayoutLine(StatementRow.Of(line, statement, id => Resolve.NameOf(id, names))));
    }
}
