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
/// stream per author (<c>creatorledger-&lt;did&gt;</c>), event type = envelope type, data = the signed bytes exactly.
/// Our positions are the ordinals of our events in <c>$all</c> order (gap-free, as the store contract requires); the
/// store keeps the <c>$all</c> position of each and the Merkle frontier, caught up by reading <c>$all</c> filtered to
/// our streams. Every append is verified first (signatures, expected revisions, chains) like every store's, and
/// EventStoreDB's own expected-revision check catches a writer that raced us. EventStoreDB appends one stream at a
/// time: a batch spanning streams is checked whole before any is written, but is not atomic against a crash.
/// </summary>
public sealed partial class EventStoreDbStore : IEventStore
{
    internal const string DefaultPrefix = "creatorledger-";
    private GrpcChannel _channel;
    private readonly List<GrpcChannel> _retired = [];
    private readonly HttpMessageHandler? _handler;
    private readonly string? _ledger;
    // creatorledger-<did>; a named ledger (tests on a shared server) puts its name in between.
    private readonly string _prefix;
    private Streams.StreamsClient _client;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Our events in $all order: their $all commit positions, and the Merkle tree over their ids.
    private readonly List<ulong> _commitPositions = [];
    private readonly MerkleTree _tree = new();

    private EventStoreDbStore(Uri address, HttpMessageHandler? handler, string? ledger, TimeProvider clock)
    {
        _handler = handler;
        _ledger = ledger;
        _prefix = ledger is null ? DefaultPrefix : $"{DefaultPrefix}{ledger}-";
        _clock = clock;
        (_channel, _client, Description) = Connect(address);
    }

    public string Description { get; private set; }

    private (GrpcChannel, Streams.StreamsClient, string) Connect(Uri address)
    {
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = _handler, MaxReceiveMessageSize = 64 * 1024 * 1024 });
        return (channel, new Streams.StreamsClient(channel), $"EventStoreDB {address.Host}:{address.Port}{(_ledger is null ? "" : "/" + _ledger)}");
    }

    /// <summary>The leader a follower named when it refused a write (trailers leader-endpoint-host and -port), or null.</summary>
    internal Uri? LeaderNamedBy(RpcException e)
    {
        if (e.Trailers.GetValue("exception") != "not-leader") return null;
        var host = e.Trailers.GetValue("leader-endpoint-host");
        if (host is null || !int.TryParse(e.Trailers.GetValue("leader-endpoint-port"), out var port)) return null;
        return new UriBuilder(_channel.Target.StartsWith("https", StringComparison.Ordinal) ? "https" : "http", host, port).Uri;
    }

    /// <summary>Moves to another node (the leader). The old channel is kept until the store is disposed: a read may still be using it.</summary>
    internal void MoveTo(Uri node)
    {
        _retired.Add(_channel);
        (_channel, _client, Description) = Connect(node);
    }

    /// <summary>How long an append may take before it is given up (DeadlineExceeded becomes a clear error; nothing is half-written).</summary>
    public TimeSpan AppendDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Connects to <c>esdb://host:port?tls=false</c> (or an http/https address; an optional handler is for tests).</summary>
    public static EventStoreDbStore Open(string address, TimeProvider? clock = null, HttpMessageHandler? handler = null, string? ledger = null)
    {
        return new EventStoreDbStore(ToHttp(address), handler, ledger, clock ?? TimeProvider.System);
    }

    internal static Uri ToHttp(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
            throw new LedgerStoreException($"'{address}' is not an EventStoreDB address (esdb://host:2113?tls=false).");
        if (uri.Scheme is "http" or "https") return uri;
        if (uri.Scheme != "esdb") throw new LedgerStoreException($"'{address}' is not an EventStoreDB address (esdb://host:2113?tls=false).");
        bool tls = !uri.Query.Contains("tls=false", StringComparison.OrdinalIgnoreCase);
        return new UriBuilder(tls ? "https" : "http", uri.Host, uri.IsDefaultPort ? 2113 : uri.Port).Uri;
    }

    internal string StreamName(IdentityId stream) => _prefix + stream.Value;

    internal static StreamIdentifier Identifier(string name) => new() { StreamName = ByteString.CopyFromUtf8(name) };

    /// <summary>One place where gRPC failures become the domain's.</summary>
    internal LedgerStoreException Translate(RpcException e) => e.StatusCode switch
    {
        _ when e.Trailers.GetValue("exception") == "not-leader" => new LedgerStoreException(
            $"{Description} is not the leader and names {e.Trailers.GetValue("leader-endpoint-host")}:{e.Trailers.GetValue("leader-endpoint-port")}; the leader was followed once already and moved again. Try again.", e),
        StatusCode.Unavailable => new LedgerStoreException($"{Description} cannot be reached: is the server running? ({e.Status.Detail})", e),
        StatusCode.DeadlineExceeded => new LedgerStoreException($"{Description} did not answer in time (deadline exceeded).", e),
        StatusCode.PermissionDenied or StatusCode.Unauthenticated => new LedgerStoreException($"{Description} denied access: {e.Status.Detail}", e),
        _ => new LedgerStoreException($"{Description} failed: {e.Status.StatusCode} {e.Status.Detail}", e),
    };

    public void Dispose()
    {
        foreach (var retired in _retired) retired.Dispose();
        _channel.Dispose();
        _gate.Dispose();
    }
}
