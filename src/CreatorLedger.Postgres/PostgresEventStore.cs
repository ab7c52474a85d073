using CreatorLedger.Ledger;
using Npgsql;

namespace CreatorLedger.Postgres;

/// <summary>
/// The server store (DESIGN §7): the ledger in a PostgreSQL database, under the same contract as the SQLite file.
/// Appends are serialised by a transaction-scoped advisory lock taken before positions are assigned, so positions
/// become visible in commit order and no reader ever passes a position that commits later (the sequence "gap"
/// problem cannot arise: there is no sequence). Every table is append-only, enforced by triggers.
/// </summary>
public sealed partial class PostgresEventStore : LedgerStore
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresEventStore(NpgsqlDataSource dataSource, string description, TimeProvider? clock) : base(clock)
    {
        _dataSource = dataSource;
        Description = description;
    }

    /// <summary>Where the ledger lives: host, port and database, never the password.</summary>
    public override string Description { get; }

    /// <summary>Connects, creating or migrating the schema on first use; a clear <see cref="LedgerStoreException"/> when the server cannot be reached or refuses.</summary>
    public static async Task<PostgresEventStore> OpenAsync(string connectionString, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new LedgerStoreException($"The PostgreSQL connection string is not valid: {e.Message}", e);
        }
        var description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        var store = new PostgresEventStore(dataSource, description, clock);
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            store.Dispose();
            throw;
        }
        return store;
    }

    public static PostgresEventStore Open(string connectionString, TimeProvider? clock = null) =>
        OpenAsync(connectionString, clock).GetAwaiter().GetResult();

    internal async Task<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw Translate(e, Description);
        }
    }

    /// <summary>One place where server errors become the domain's: messages say what happened, never the password.</summary>
    internal static LedgerStoreException Translate(Exception e, string description) => e switch
    {
        PostgresException { SqlState: "28P01" or "28000" } => new LedgerStoreException($"{description} refused the login: wrong user or password.", e),
        PostgresException { SqlState: "3D000" } => new LedgerStoreException($"{description}: the database does not exist.", e),
        PostgresException { SqlState: "42501" } p => new LedgerStoreException($"{description}: permission denied ({p.MessageText}).", e),
        PostgresException p => new LedgerStoreException($"{description} failed: {p.MessageText} (SQLSTATE {p.SqlState}).", e),
        NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException } or System.Net.Sockets.SocketException or TimeoutException =>
            new LedgerStoreException($"{description} cannot be reached: is the server running and accepting connections? ({e.InnerException?.Message ?? e.Message})", e),
        _ => new LedgerStoreException($"{description} failed: {e.Message}", e),
    };

    public override void Dispose() => _dataSource.Dispose();
}
