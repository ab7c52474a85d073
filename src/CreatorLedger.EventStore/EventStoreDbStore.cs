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
    private readonly GrpcChannel _channel;
    // creatorledger-<did>; a named ledger (tests on a shared server) puts its name in between.
    private readonly string _prefix;
    private readonly Streams.StreamsClient _client;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Our events in $all order: their $all commit positions, and the Merkle tree over their ids.
    private readonly List<ulong> _commitPositions = [];
    private readonly MerkleTree _tree = new();

    private EventStoreDbStore(GrpcChannel channel, string description, TimeProvider clock, string prefix)
    {
        _prefix = prefix;
        _channel = channel;
        _client = new Streams.StreamsClient(channel);
        Description = description;
        _clock = clock;
    }

    public string Description { get; }

    /// <summary>How long an append may take before it is given up (DeadlineExceeded becomes a clear error; nothing is half-written).</summary>
    public TimeSpan AppendDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Connects to <c>esdb://host:port?tls=false</c> (or an http/https address; an optional handler is for tests).</summary>
    public static EventStoreDbStore Open(string address, TimeProvider? clock = null, HttpMessageHandler? handler = null, string? ledger = null)
    {
        var uri = ToHttp(address);
        var options = new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = 64 * 1024 * 1024 };
        var channel = GrpcChannel.ForAddress(uri, options);
        var prefix = ledger is null ? DefaultPrefix : $"{DefaultPrefix}{ledger}-";
        return new EventStoreDbStore(channel, $"EventStoreDB {uri.Host}:{uri.Port}{(ledger is null ? "" : "/" + ledger)}", clock ?? TimeProvider.System, prefix);
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
        StatusCode.Unavailable => new LedgerStoreException($"{Description} cannot be reached: is the server running? ({e.Status.Detail})", e),
        StatusCode.DeadlineExceeded => new LedgerStoreException($"{Description} did not answer in time (deadline exceeded).", e),
        StatusCode.PermissionDenied or StatusCode.Unauthenticated => new LedgerStoreException($"{Description} denied access: {e.Status.Detail}", e),
        _ => new LedgerStoreException($"{Description} failed: {e.Status.StatusCode} {e.Status.Detail}", e),
    };

    public void Dispose()
    {
        _channel.Dispose();
        _gate.Dispose();
    }
}
