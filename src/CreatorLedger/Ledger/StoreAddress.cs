using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace CreatorLedger.Ledger;

/// <summary>
/// What a user typed to name a ledger, and what it means: a SQLite file (a path), a PostgreSQL server (a connection
/// string), an EventStoreDB cluster (an <c>esdb://</c> address), or a JSON Lines export. Decided in this one place for
/// every host (SecretManagement's one answer to "what does this name mean"), with what may be shown of it (never a
/// password) and where the ledger's side files live (its license projection, its hash cache).
/// </summary>
public sealed record StoreAddress
{
    private StoreAddress(StoreKind kind, string text)
    {
        Kind = kind;
        Text = text;
    }

    public StoreKind Kind { get; }

    /// <summary>The address as given (a full path for files). May hold a password: show <see cref="Description"/> instead.</summary>
    public string Text { get; }

    /// <summary>
    /// What <paramref name="text"/> names; <paramref name="resolvePath"/> turns a path as typed into a full one (a shell's
    /// current folder, say). A connection string is told by its <c>key=value</c> pairs, one naming a host or server.
    /// </summary>
    public static StoreAddress Parse(string text, Func<string, string>? resolvePath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        resolvePath ??= Path.GetFullPath;
        if (text.StartsWith("esdb://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("esdb+discover://", StringComparison.OrdinalIgnoreCase))
            return new(StoreKind.EventStoreDb, text);
        if (IsConnectionString(text)) return new(StoreKind.Postgres, text);
        var path = resolvePath(text);
        return path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)
            ? new(StoreKind.JsonLines, path)
            : new(StoreKind.Sqlite, path);
    }

    /// <summary>The ledger a session uses when none is named: CREATORLEDGER_POSTGRES, else CREATORLEDGER_STORE or ~/.creatorledger/ledger.db.</summary>
    public static StoreAddress Default =>
        Environment.GetEnvironmentVariable(LedgerHome.PostgresVariable) is { Length: > 0 } server
            ? new(StoreKind.Postgres, server)
            : new(StoreKind.Sqlite, LedgerHome.DefaultStorePath);

    public static StoreAddress SqliteFile(string path) => new(StoreKind.Sqlite, Path.GetFullPath(path));

    /// <summary>An address of a kind the user said (a parameter named it), whatever the text looks like.</summary>
    public static StoreAddress Of(StoreKind kind, string text) =>
        kind is StoreKind.Sqlite or StoreKind.JsonLines ? new(kind, Path.GetFullPath(text)) : new(kind, text);

    /// <summary>What may be shown: the path, the server, host and database, the nodes — never a password.</summary>
    public string Description => Kind switch
    {
        StoreKind.Postgres => DescribePostgres(Text),
        StoreKind.EventStoreDb => WithoutPassword(Text),
        _ => Text,
    };

    /// <summary>Where the license projection of this ledger is kept: beside a file; for a server, in the home's cache folder.</summary>
    public string ProjectionFile => FileBeside("projection");

    /// <summary>Where digests of hashed files are kept: beside a SQLite file, else one cache in the home folder.</summary>
    public string HashCacheFile => Kind == StoreKind.Sqlite ? FileBeside("hashes.db") : Path.Combine(LedgerHome.Directory, "hashes.db");

    public override string ToString() => Description;

    /// <summary><c>scheme://user:***@host</c>: the password of an address's user part hidden.</summary>
    public static string WithoutPassword(string address)
    {
        int schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int at = address.IndexOf('@', start);
        int pathStart = address.IndexOfAny(['/', '?'], start);
        if (at < 0 || (pathStart >= 0 && pathStart < at)) return address;
        int colon = address.IndexOf(':', start);
        return colon < 0 || colon > at ? address : string.Concat(address.AsSpan(0, colon + 1), "***", address.AsSpan(at));
    }

    private string FileBeside(string extension)
    {
        if (Kind is StoreKind.Sqlite or StoreKind.JsonLines)
            return Path.Combine(Path.GetDirectoryName(Text) ?? ".", Path.GetFileNameWithoutExtension(Text) + "." + extension);
        // A server's side files are named after where it is (never the password), in the home's cache folder.
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Description)))[..16];
        return Path.Combine(LedgerHome.Directory, "cache", name + "." + extension);
    }

    /// <summary><c>key=value;…</c> pairs one of which names a host or server: a path with an '=' in it is still a path.</summary>
    private static bool IsConnectionString(string text)
    {
        if (!text.Contains('=')) return false;
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = text };
            return builder.ContainsKey("Host") || builder.ContainsKey("Server");
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string DescribePostgres(string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            string? Value(params string[] keys) => keys.Select(k => builder.TryGetValue(k, out var v) ? v?.ToString() : null).FirstOrDefault(v => v is not null);
            var port = Value("Port") ?? "5432";
            return $"PostgreSQL {Value("Host", "Server") ?? "localhost"}:{port}/{Value("Database", "DB") ?? ""}";
        }
        catch (ArgumentException)
        {
            return "a PostgreSQL server";
        }
    }
}
