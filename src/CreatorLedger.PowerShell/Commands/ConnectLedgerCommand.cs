using System.Management.Automation;
using CreatorLedger.Ledger;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsCommunications.Connect, "Ledger")]
[OutputType(typeof(LedgerConnection))]
public sealed class ConnectLedgerCommand : LedgerCmdlet
{
    /// <summary>The SQLite ledger file; created if missing. Default: CREATORLEDGER_STORE or ~/.creatorledger/ledger.db.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var path = Path is null ? LedgerHome.DefaultStorePath : GetUnresolvedProviderPathFromPSPath(Path);
        var store = Guard(() => LedgerSession.Connect(path), path);
        if (PassThru)
            WriteObject(new LedgerConnection { Store = path, Kind = "SQLite", Checkpoint = Guard(() => Run(store.HeadAsync())).ToString() });
    }
}
