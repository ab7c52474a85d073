using System.Management.Automation;
using CreatorLedger.Ledger;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsCommunications.Connect, "Ledger", DefaultParameterSetName = File)]
[OutputType(typeof(LedgerConnection))]
public sealed class ConnectLedgerCommand : LedgerCmdlet
{
    private const string File = nameof(File);
    private const string Server = nameof(Server);
    private const string EventStoreSet = nameof(EventStoreSet);

    /// <summary>The SQLite ledger file; created if missing. Default: CREATORLEDGER_STORE or ~/.creatorledger/ledger.db.</summary>
    [Parameter(Position = 0, ParameterSetName = File)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>A PostgreSQL server: 'Host=…;Port=…;Database=…;Username=…' (password from the string or ~/.pgpass). Default: CREATORLEDGER_POSTGRES.</summary>
    [Parameter(Mandatory = true, ParameterSetName = Server)]
    [ValidateNotNullOrEmpty]
    public string ConnectionString { get; set; } = "";

    /// <summary>EventStoreDB: esdb://host:2113?tls=false, or with TLS (the default) esdb://node1,node2,node3?tlsCaFile=ca.crt.</summary>
    [Parameter(Mandatory = true, ParameterSetName = EventStoreSet)]
    [ValidateNotNullOrEmpty]
    public string EventStore { get; set; } = "";

    /// <summary>The EventStoreDB user and password (instead of user:password@ in the address, which shell history keeps).</summary>
    [Parameter(ParameterSetName = EventStoreSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        if (ParameterSetName == EventStoreSet)
        {
            var esdb = Guard(() => LedgerSession.ConnectEventStore(EventStore, Credential?.GetNetworkCredential()));
            if (PassThru)
                WriteObject(new LedgerConnection { Store = esdb.Description, Kind = "EventStoreDB", Checkpoint = Guard(() => Run(esdb.HeadAsync())).ToString() });
            return;
        }
        if (ParameterSetName == Server)
        {
            var server = Guard(() => LedgerSession.ConnectServer(ConnectionString));
            if (PassThru)
                WriteObject(new LedgerConnection { Store = server.Description, Kind = "PostgreSQL", Checkpoint = Guard(() => Run(server.HeadAsync())).ToString() });
            return;
        }
        var path = Path is null ? LedgerHome.DefaultStorePath : GetUnresolvedProviderPathFromPSPath(Path);
        var store = Guard(() => LedgerSession.Connect(path), path);
        if (PassThru)
            WriteObject(new LedgerConnection { Store = path, Kind = "SQLite", Checkpoint = Guard(() => Run(store.HeadAsync())).ToString() });
    }
}
