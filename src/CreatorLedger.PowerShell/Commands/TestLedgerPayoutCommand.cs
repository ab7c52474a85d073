using System.Management.Automation;
using System.Security.Cryptography;

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
        var (bytes, path, statement, differences) = PayoutStatements.Recompute(this, store, projection, Statement, WeightFile);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var published = projection.Head.Statements.FirstOrDefault(s => s.Data.Statement == sha);
        if (published is null)
            WriteWarning($"'{path}' (SHA-256 {sha}) is not a statement published on this ledger: it may have been changed since, or never published.");
        else if (published.Data.Checkpoint != statement.Checkpoint)
            differences.Insert(0, $"it was published for checkpoint {published.Data.Checkpoint}, its lines say {statement.Checkpoint}");
        else if (statement.Request.Society is { } society && society != published.Society)
            differences.Insert(0, $"it deducts the commission of {society} but was published by {published.Society}");
        foreach (var difference in differences) WriteWarning($"{path}: {difference}");
        WriteObject(new PayoutVerification
        {
            Path = path,
            Statement = sha,
            Published = published is not null,
            PublishedBy = published?.Society.Value,
            Checkpoint = statement.Checkpoint.ToString(),
            Reproduced = differences.Count == 0,
            Lines = statement.Lines.Count,
            Total = statement.Request.Currency.Format(statement.Total),
            Differences = [.. differences],
        });
    }
}
