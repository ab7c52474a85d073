using System.Management.Automation;
using CreatorLedger.Ledger;
using CreatorLedger.Transparency;

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

    /// <summary>A C2SP tlog-policy file: decisions are then made at the newest checkpoint its log key signed and its witness quorum cosigned.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Policy { get; set; }

    /// <summary>With -Policy, how old the newest accepted checkpoint's quorum may be before decisions are refused. Default: one day.</summary>
    [Parameter]
    public TimeSpan? MaxAge { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        // The parameter chosen says what the text is, whatever it looks like (the store then says if it is not).
        var address = ParameterSetName switch
        {
            EventStoreSet => StoreAddress.Of(StoreKind.EventStoreDb, EventStore),
            Server => StoreAddress.Of(StoreKind.Postgres, ConnectionString),
            _ => StoreAddress.SqliteFile(Path is null ? LedgerHome.DefaultStorePath : GetUnresolvedProviderPathFromPSPath(Path)),
        };
        if (MaxAge is { } age && (Policy is null || age <= TimeSpan.Zero))
            ThrowArgumentError(ErrorIds.InvalidMaxAge, Policy is null ? "-MaxAge goes with -Policy." : $"-MaxAge must be positive, not {age}.", MaxAge);
        var policy = Policy is null ? null : ReadPolicy(Policy);
        var store = Guard(() => LedgerSession.Connect(address, Credential?.GetNetworkCredential()), address.Description);
        LedgerSession.Policy = policy is null ? null : (GetUnresolvedProviderPathFromPSPath(Policy!), policy, MaxAge ?? TrustedCheckpoints.DefaultMaxAge);
        if (!PassThru) return;
        WriteObject(new LedgerConnection
        {
            Store = address.Kind == StoreKind.Sqlite ? address.Text : store.Description,
            Kind = address.Kind switch { StoreKind.Postgres => "PostgreSQL", StoreKind.EventStoreDb => "EventStoreDB", _ => "SQLite" },
            Checkpoint = Guard(() => Run(store.HeadAsync())).ToString(),
        });
    }
}
