using System.Management.Automation;

namespace CreatorLedger.PowerShell.Commands;

/// <summary>
/// Checks a payout statement file: that it is the one a society published on the ledger (same SHA-256), and that the
/// ledger at the published checkpoint yields exactly its lines. Differences are listed, never hidden.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "LedgerPayout")]
[OutputType(typeof(PayoutVerification))]
public sealed class TestLedgerPayoutCommand : LedgerCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "Path")]
    public string Statement { get; set; } = "";

    /// <summary>The weight file a weighted pool statement was computed with.</summary>
    [Parameter]
    public string? WeightFile { get; set; }

    protected override void ProcessRecord()
    {
        var store = ConnectedStore();
        var projection = LoadProjection(store);
        var (verification, path) = VerifyStatement(store, projection, Statement, WeightFile);
        var statement = verification.Statement;
        if (verification.Published is null)
            WriteWarning($"'{path}' (SHA-256 {verification.Sha256}) is not a statement published on this ledger: it may have been changed since, or never published.");
        foreach (var difference in verification.Differences) WriteWarning($"{path}: {difference}");
        WriteObject(new PayoutVerification
        {
            Path = path,
            Statement = verification.Sha256,
            Published = verification.Published is not null,
            PublishedBy = verification.Published?.Society.Value,
            Checkpoint = statement.Checkpoint.ToString(),
            Reproduced = verification.Reproduced,
            Lines = statement.Lines.Count,
            Total = statement.Request.Currency.Format(statement.Total),
            Differences = [.. verification.Differences],
        });
    }
}
