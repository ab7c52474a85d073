using System.Management.Automation;
using System.Security;
using CreatorLedger.Events;
using CreatorLedger.Payouts;

namespace CreatorLedger.PowerShell.Commands;

/// <summary>
/// A society puts a payout statement on the ledger (PayoutStatementIssued: the file's SHA-256, checkpoint, period,
/// currency, total). The statement is recomputed from the ledger first: one it does not yield is refused.
/// </summary>
[Cmdlet(VerbsData.Publish, "LedgerPayout", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PublishedStatement))]
public sealed class PublishLedgerPayoutCommand : LedgerCmdlet
{
    /// <summary>The statement file: Get-LedgerPayout … | Export-Csv.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Statement { get; set; } = "";

    /// <summary>The society publishing it (a local key): the society the statement's commission is for, if any.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(IdentityCompleter))]
    public string? Identity { get; set; }

    /// <summary>The weight file a weighted pool statement was computed with.</summary>
    [Parameter]
    public string? WeightFile { get; set; }

    [Parameter]
    public SecureString? Passphrase { get; set; }

    protected override void EndProcessing()
    {
        var file = FindKeyFile(Identity);
        var store = ConnectedStore();
        var projection = LoadProjection(store);
        var (verification, path) = VerifyStatement(store, projection, Statement, WeightFile);
        var statement = verification.Statement;
        var differences = verification.Differences;
        if (differences.Count > 0)
            ThrowTerminatingError(new ErrorRecord(new InvalidDataException(
                $"'{path}' is not what this ledger yields at {statement.Checkpoint}: {string.Join("; ", differences.Take(5))}{(differences.Count > 5 ? "; …" : "")}. Nothing was published."),
                ErrorIds.StatementMismatch, ErrorCategory.InvalidData, path));
        if (statement.Request.Society is { } society && society != file.Identity)
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"'{path}' deducts the commission of {society}; only that society can publish it, not {file.Name}."),
                ErrorIds.StatementMismatch, ErrorCategory.PermissionDenied, path));
        if (!ShouldProcess($"{path} ({statement.Request.Period}, {statement.Request.Currency.Format(statement.Total)} {statement.Request.Currency}) as {file.Name}", "Publish payout statement")) return;
        using var key = Unlock(file, Passphrase);
        var published = Guard(() => Run(new StatementPublishing(store, file.Identity, key, Clock).PublishAsync(verification.Bytes, statement)));
        WriteObject(Views.ToStatement(published, projection.Head, path));
    }
}
