using System.Globalization;
using System.Net;
using CreatorLedger.Ledger;

namespace CreatorLedger.EventStore;

/// <summary>
/// Where EventStoreDB is and how to talk to it, parsed from the connection string EventStoreDB's own clients take:
/// <c>esdb://[user:password@]host[:port][,host[:port]…][?tls=true|false&amp;tlsVerifyCert=true|false&amp;tlsCaFile=path]</c>.
/// Several nodes of a cluster may be named: the first that answers is used, and a follower's reply naming the
/// leader is followed. TLS is on unless <c>tls=false</c>, and then the server's certificate is validated (against the
/// machine's roots, or the CA in <c>tlsCaFile</c>). The password is kept for the authorization header and never shown.
/// </summary>
public sealed class EventStoreDbAddress
{
    private const string Shape = "esdb://host:2113?tls=false";

    private EventStoreDbAddress(IReadOnlyList<Uri> nodes, bool verifyCertificate, string? caFile, NetworkCredential? credential)
    {
        Nodes = nodes;
        VerifyCertificate = verifyCertificate;
        CaFile = caFile;
        Credential = credential;
    }

    /// <summary>The gRPC endpoint of the node in use: http://host:port, or https://host:port with TLS.</summary>
    public Uri Endpoint => Nodes[0];

    /// <summary>Every node named, the one in use first.</summary>
    public IReadOnlyList<Uri> Nodes { get; }

    public bool Tls => Endpoint.Scheme == Uri.UriSchemeHttps;

    /// <summary>False only when the address says tlsVerifyCert=false: any certificate is then accepted (test servers).</summary>
    public bool VerifyCertificate { get; }

    /// <summary>A PEM or DER file of the certificate authority that signed the server's certificate (tlsCaFile).</summary>
    public string? CaFile { get; }

    /// <summary>The user and password sent with every call (HTTP basic, as EventStoreDB expects), or null.</summary>
    public NetworkCredential? Credential { get; }

    /// <summary>host:port, for messages: never the user or the password.</summary>
    public string Node => $"{Endpoint.Host}:{Endpoint.Port}";

    /// <summary>The same settings with another node in use (the leader a follower named); the others stay as they were.</summary>
    public EventStoreDbAddress WithNode(string host, int port)
    {
        var node = new UriBuilder(Endpoint.Scheme, host, port).Uri;
        return new([node, .. Nodes.Where(n => n != node)], VerifyCertificate, CaFile, Credential);
    }

    /// <summary>The same settings with the next node named in use (when this one cannot be reached).</summary>
    public EventStoreDbAddress NextNode() => new([.. Nodes.Skip(1), Nodes[0]], VerifyCertificate, CaFile, Credential);

    /// <summary>The same address with a user and password given apart from it (so they stay out of shell history).</summary>
    public EventStoreDbAddress WithCredential(NetworkCredential? credential) => new(Nodes, VerifyCertificate, CaFile, credential);

    public static EventStoreDbAddress Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        // Parsed by hand around the user info, so that a password never reaches an exception message.
        int schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        string scheme = schemeEnd < 0 ? "" : address[..schemeEnd].ToLowerInvariant();
        if (scheme == "esdb+discover")
            throw new LedgerStoreException($"Cluster discovery (esdb+discover://) is not supported: name the nodes, esdb://node1:2113,node2:2113,node3:2113; the first that answers is used and a follower's reply naming the leader is followed.");
        if (scheme is not ("esdb" or "http" or "https"))
            throw new LedgerStoreException($"'{Redact(address)}' is not an EventStoreDB address ({Shape}).");
        string rest = address[(schemeEnd + 3)..];
        NetworkCredential? credential = null;
        int at = rest.IndexOf('@');
        int pathStart = rest.IndexOfAny(['/', '?']);
        if (at >= 0 && (pathStart < 0 || at < pathStart))
        {
            string userInfo = rest[..at];
            int colon = userInfo.IndexOf(':');
            if (colon <= 0) throw new LedgerStoreException($"The user in '{Redact(address)}' must be written user:password@.");
            credential = new NetworkCredential(Uri.UnescapeDataString(userInfo[..colon]), Uri.UnescapeDataString(userInfo[(colon + 1)..]));
            rest = rest[(at + 1)..];
        }
        int query = rest.IndexOf('?');
        string hosts = (query < 0 ? rest : rest[..query]).TrimEnd('/');
        var options = Options(query < 0 ? "" : rest[query..], address);
        bool tls = scheme switch
        {
            "http" => false,
            "https" => true,
            _ => Flag(options, "tls", true, address),
        };
        bool verify = Flag(options, "tlsverifycert", true, address);
        options.TryGetValue("tlscafile", out var caFile);
        foreach (var key in options.Keys)
            if (key is not ("tls" or "tlsverifycert" or "tlscafile"))
                throw new LedgerStoreException($"'{Redact(address)}' has the option '{key}', which CreatorLedger does not know (it knows tls, tlsVerifyCert and tlsCaFile).");
        var nodes = new List<Uri>();
        foreach (var host in hosts.Split(','))
        {
            if (!Uri.TryCreate($"{scheme}://{host}", UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.AbsolutePath != "/")
                throw new LedgerStoreException($"'{Redact(address)}' is not an EventStoreDB address ({Shape}): '{host}' is not host[:port].");
            // EventStoreDB's port unless one is named; an http(s) address means what it says.
            int port = scheme == "esdb" && (uri.IsDefaultPort || uri.Port < 0) ? 2113 : uri.Port;
            var node = new UriBuilder(tls ? "https" : "http", uri.Host, port).Uri;
            if (!nodes.Contains(node)) nodes.Add(node);
        }
        return new EventStoreDbAddress(nodes, verify, caFile, credential);
    }

    private static Dictionary<string, string> Options(string query, string address)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            if (equals <= 0) throw new LedgerStoreException($"'{Redact(address)}' has an option without a value: '{pair}'.");
            options[pair[..equals].ToLowerInvariant()] = Uri.UnescapeDataString(pair[(equals + 1)..]);
        }
        return options;
    }

    private static bool Flag(Dictionary<string, string> options, string key, bool absent, string address)
    {
        if (!options.TryGetValue(key, out var value)) return absent;
        return value.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw new LedgerStoreException($"'{Redact(address)}': {key} must be true or false, not '{value}'."),
        };
    }

    /// <summary>The address as it may be shown: a password replaced by ***.</summary>
    public static string Redact(string address) => StoreAddress.WithoutPassword(address);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"esdb://{(Credential is null ? "" : Credential.UserName + ":***@")}{string.Join(',', Nodes.Select(n => $"{n.Host}:{n.Port}"))}?tls={(Tls ? "true" : "false")}{(VerifyCertificate ? "" : "&tlsVerifyCert=false")}{(CaFile is null ? "" : "&tlsCaFile=" + CaFile)}");
}
