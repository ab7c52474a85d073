using System.Runtime.CompilerServices;
using CreatorLedger.Events;
using CreatorLedger.EventStore.Protocol;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace CreatorLedger.EventStore;

/// <summary>
/// The ledger on EventStoreDB, through our own client of its public v1 gRPC streams protocol. One EventStoreDB
/// stream per author (<c>creatorledger-&lt;did&gt;</c>, or <c>creatorledger-&lt;ledger&gt;-&lt;did&gt;</c> for a named
/// ledger), event type = envelope type, data = the signed bytes exactly, the server's <c>created</c> = recorded time.
/// Our positions are the ordinals of our events in <c>$all</c> order (gap-free, as the store contract requires); the
/// store keeps the <c>$all</c> position of each and the Merkle frontier, caught up by reading <c>$all</c> filtered to
/// our streams. Every append is verified first (signatures, expected revisions, chains) like every store's, and
/// EventStoreDB's own expected-revision check catches a writer that raced us. EventStoreDB appends one stream at a
/// time: a batch spanning streams is checked whole before any is written, but is not atomic against a crash.
/// </summary>
public sealed partial class EventStoreDbStore : LedgerStore
{
    internal const string DefaultPrefix = "creatorledger-";
    private EventStoreDbAddress _address;
    // One channel per node used, kept until the store is disposed: a read may still be using one when a call moves on.
    private readonly Dictionary<Uri, (GrpcChannel Channel, Streams.StreamsClient Client)> _nodes = [];
    // One handler for every node's channel: its TLS settings and credentials are the address's.
    private readonly HttpMessageHandler _handler;
    private readonly bool _ownsHandler;
    private readonly string? _ledger;
    // Stream names are <root><did>: creatorledger-<did>, or creatorledger-<ledger>-<did> for a named ledger.
    private readonly string _root;
    // What this ledger's streams, and no other ledger's, start with: the root and "did:". A ledger name holds no ':', so
    // neither the default ledger (creatorledger-did:) nor ledger "a" (creatorledger-a-did:) matches ledger "a-b"'s streams.
    private readonly string _prefix;
    private Streams.StreamsClient _client;
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Our events in $all order: their $all commit positions, and the Merkle tree over their ids.
    private readonly List<ulong> _commitPositions = [];
    private readonly MerkleTree _tree = new();
    // The tree's tile hashes by level (1: height 8, 2: height 16, …), as CatchUpAsync found them.
    private readonly List<List<byte[]>> _tiles = [];
    private int _tilesSeen;

    private EventStoreDbStore(EventStoreDbAddress address, HttpMessageHandler? handler, string? ledger, TimeProvider? clock) : base(clock)
    {
        _address = address;
        _ledger = ledger;
        _root = ledger is null ? DefaultPrefix : $"{DefaultPrefix}{ledger}-";
        _prefix = _root + "did:";
        _ownsHandler = handler is null;
        handler ??= new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = ServerCertificate.Validation(address) },
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        _handler = address.Credential is null ? handler : new BasicAuthentication(address.Credential, handler);
        _client = Connect(address);
        _tree.RecordTileHashes();
    }

    /// <summary>The node and, for a named ledger, its name: never the user or the password.</summary>
    public override string Description => $"EventStoreDB {_address.Node}{(_ledger is null ? "" : "/" + _ledger)}";

    private Streams.StreamsClient Connect(EventStoreDbAddress address)
    {
        // Reads run outside the store's gate, so two calls may move on at once.
        lock (_nodes)
        {
            if (!_nodes.TryGetValue(address.Endpoint, out var node))
            {
                var channel = GrpcChannel.ForAddress(address.Endpoint, new GrpcChannelOptions
                {
                    HttpHandler = _handler, DisposeHttpClient = false, MaxReceiveMessageSize = 64 * 1024 * 1024,
                });
                _nodes[address.Endpoint] = node = (channel, new Streams.StreamsClient(channel));
            }
            return node.Client;
        }
    }

    /// <summary>The leader a follower named when it refused a write (trailers leader-endpoint-host and -port), or null.</summary>
    internal EventStoreDbAddress? LeaderNamedBy(RpcException e)
    {
        if (e.Trailers.GetValue("exception") != "not-leader") return null;
        var host = e.Trailers.GetValue("leader-endpoint-host");
        if (host is null || !int.TryParse(e.Trailers.GetValue("leader-endpoint-port"), out var port)) return null;
        return _address.WithNode(host, port);
    }

    /// <summary>
    /// When <paramref name="e"/> says the node in use cannot be reached and another named node has not been tried for
    /// this call, moves there. A call that may have reached the server is safe to send again: EventStoreDB takes the
    /// same event ids at the same revision as already written.
    /// </summary>
    internal bool MovedOnFromUnreachable(RpcException e, ref int tried)
    {
        if (e.StatusCode != StatusCode.Unavailable || Untrusted(e) is not null || tried >= _address.Nodes.Count - 1) return false;
        tried++;
        MoveTo(_address.NextNode());
        return true;
    }

    /// <summary>Moves to another node (the leader, or the next one named).</summary>
    internal void MoveTo(EventStoreDbAddress node)
    {
        _address = node;
        _client = Connect(node);
    }

    /// <summary>
    /// Sent with every call: a follower must refuse (naming the leader) rather than forward a write or answer a read
    /// from its own, possibly older, copy, so that positions and checkpoints always come from the leader.
    /// </summary>
    private static readonly Metadata Headers = new() { { "requires-leader", "true" } };

    /// <summary>How long an append call may take before it is given up; its outcome is then unknown, and the error says so.</summary>
    public TimeSpan AppendDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Connects to <c>esdb://[user:password@]host:port?tls=false</c> (see <see cref="EventStoreDbAddress"/>; a handler is for tests).</summary>
    public static EventStoreDbStore Open(string address, TimeProvider? clock = null, HttpMessageHandler? handler = null, string? ledger = null) =>
        Open(EventStoreDbAddress.Parse(address), clock, handler, ledger);

    public static EventStoreDbStore Open(EventStoreDbAddress address, TimeProvider? clock = null, HttpMessageHandler? handler = null, string? ledger = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (ledger is not null && !IsLedgerName(ledger))
            throw new ArgumentException($"'{ledger}' is not a ledger name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.", nameof(ledger));
        return new EventStoreDbStore(address, handler, ledger, clock);
    }

    /// <summary>A named ledger's name: never a ':', so that no ledger's stream names can match another ledger's filter.</summary>
    public static bool IsLedgerName(string name) =>
        name.Length is >= 1 and <= 64 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    internal string StreamName(IdentityId stream) => _root + stream.Value;

    internal static StreamIdentifier Identifier(string name) => new() { StreamName = ByteString.CopyFromUtf8(name) };

    /// <summary>One place where gRPC failures become the domain's.</summary>
    internal LedgerStoreException Translate(RpcException e) => e.StatusCode switch
    {
        _ when e.Trailers.GetValue("exception") == "not-leader" => new LedgerStoreException(
            $"{Description} is not the leader and names {e.Trailers.GetValue("leader-endpoint-host")}:{e.Trailers.GetValue("leader-endpoint-port")}; the leader was followed once already and moved again. Try again.", e),
        _ when e.Trailers.GetValue("exception") == "stream-deleted" => new LedgerStoreException(
            $"{Description}: the stream {e.Trailers.GetValue("stream-name")} was deleted on the server, so the ledger there is no longer whole. " +
            "Restore it from a mirror (Sync-Ledger into a new server or prefix), and let no one but the ledger's writers delete creatorledger-* streams (an ACL).", e),
        StatusCode.Unknown when e.Status.Detail.Contains("No leader info", StringComparison.OrdinalIgnoreCase) => new LedgerStoreException(
            $"{Description} is not the leader and knows of none: the cluster is electing one. Try again shortly.", e),
        StatusCode.Unavailable when e.Status.Detail.Contains("Not Ready", StringComparison.OrdinalIgnoreCase) || e.Status.Detail.Contains("Too Busy", StringComparison.OrdinalIgnoreCase) =>
            new LedgerStoreException($"{Description} is up but not serving yet ({e.Status.Detail}): it is starting, catching up or overloaded. Try again shortly.", e),
        _ when Untrusted(e) is { } why => new LedgerStoreException(
            $"{Description} presented a TLS certificate this machine does not trust ({why}). Name the certificate authority that signed it with tlsCaFile=<file> in the address.", e),
        StatusCode.Unavailable => new LedgerStoreException(
            $"{(_address.Nodes.Count == 1 ? Description : $"None of the EventStoreDB nodes {string.Join(", ", _address.Nodes.Select(n => $"{n.Host}:{n.Port}"))}")} cannot be reached: is the server running, and is tls= right for it? ({e.Status.Detail})", e),
        // Plain HTTP/2 to a server that speaks TLS fails as Unavailable or, depending on when the server hangs up, as
        // Internal (a response that is no HTTP/2): either way the likely cause is the same.
        StatusCode.Internal when !_address.Tls => new LedgerStoreException(
            $"{Description} answered in a way plain HTTP/2 does not understand: is tls= right for it? A server that requires TLS needs tls=true, the default. ({e.Status.Detail})", e),
        StatusCode.DeadlineExceeded => new LedgerStoreException($"{Description} did not answer in time (deadline exceeded).", e),
        StatusCode.Unauthenticated => new LedgerStoreException(
            $"{Description} did not accept the credentials{(_address.Credential is null ? " (none were given: esdb://user:password@host, or Connect-Ledger -Credential)" : $" of user '{_address.Credential.UserName}'")}: {e.Status.Detail}", e),
        StatusCode.PermissionDenied => new LedgerStoreException(
            $"{Description} denied access{(_address.Credential is null ? " to an anonymous caller (give a user: esdb://user:password@host, or Connect-Ledger -Credential)" : $" to user '{_address.Credential.UserName}'")}: {e.Status.Detail}", e),
        _ => new LedgerStoreException($"{Description} failed: {e.Status.StatusCode} {e.Status.Detail}", e),
    };

    /// <summary>Why the TLS handshake refused the server's certificate, if that is why the call failed.</summary>
    private static string? Untrusted(RpcException e)
    {
        for (Exception? inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
            if (inner is System.Security.Authentication.AuthenticationException) return inner.Message;
        return null;
    }

    public override void Dispose()
    {
        lock (_nodes)
            foreach (var (channel, _) in _nodes.Values) channel.Dispose();
        if (_ownsHandler) _handler.Dispose();
        _gate.Dispose();
    }
}
