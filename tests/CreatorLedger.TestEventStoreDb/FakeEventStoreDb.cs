using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CreatorLedger.EventStore.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreatorLedger.TestEventStoreDb;

/// <summary>
/// An in-process server for the subset of EventStoreDB's v1 Streams protocol the client uses: appends with an expected
/// revision (0-based revisions, wrong_expected_version replies), reads of a stream, and reads of $all from a position
/// with a stream-prefix filter. Positions grow by uneven steps and other streams' events sit in $all, as on a real
/// server, so that the client's mapping to gap-free ledger positions and its filter are exercised. Not EventStoreDB:
/// the acceptance is the contract suite against a real server (CREATORLEDGER_ESDB).
/// </summary>
internal sealed class FakeEventStoreDb : Streams.StreamsBase, IAsyncDisposable
{
    private sealed record Record(string Stream, ulong Revision, ulong Position, string Id, string Type, ByteString Data, ByteString? CustomMetadata = null)
    {
        public long Created { get; } = DateTime.UtcNow.Ticks;
    }

    private readonly Lock _lock = new();
    private readonly List<Record> _log = [];
    private ulong _next = 1_000;

    /// <summary>How many calls asking for the leader to refuse as a follower naming this leader (host, port).</summary>
    public (string Host, int Port, int Times)? NotLeader { get; set; }

    /// <summary>The hosts appends were sent to, in order.</summary>
    public List<string> AppendHosts { get; } = [];

    /// <summary>When set, appends fail with this status (access denied, an overloaded server…).</summary>
    public StatusCode? RefuseAppends { get; set; }

    /// <summary>
    /// When set, an append waits until its caller has given up (its deadline passed) and then writes anyway, as an
    /// EventStoreDB node may: the outcome the client saw was unknown, not "nothing written".
    /// </summary>
    public bool WriteAfterCallerGivesUp { get; set; }

    private readonly TaskCompletionSource _slowAppendHandled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a delayed append has been handled on the server's side: written, refused, or given up with its caller.</summary>
    public Task SlowAppendHandled => _slowAppendHandled.Task;
    private WebApplication? _app;

    public FakeEventStoreDb()
    {
        // Something else lives in $all too: the client must filter it out.
        Write("$stats-127.0.0.1:2113", ByteString.CopyFromUtf8("{}"));
    }

    /// <summary>Read calls that reached the service (past TLS and HTTP/2).</summary>
    public int ReadCalls => Volatile.Read(ref _readCalls);
    private int _readCalls;

    /// <summary>Events appended through the protocol.</summary>
    public int Appended { get; private set; }

    /// <summary>When set, stream reads carry no $all positions, as servers before 22.10 answer.</summary>
    public bool StreamReadsWithoutPositions { get; set; }

    /// <summary>Streams deleted for good (tombstoned): reading or appending to them fails as on EventStoreDB.</summary>
    public HashSet<string> DeletedStreams { get; } = [];

    /// <summary>When set, every call is answered with this status and detail (a node that is not ready, has no leader…).</summary>
    public Status? Unwell { get; set; }

    private void RefuseIfDeleted(string stream)
    {
        lock (_lock)
            if (DeletedStreams.Contains(stream))
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Event stream '{stream}' is deleted."), new Metadata
                {
                    { "exception", "stream-deleted" }, { "stream-name", stream },
                });
    }

    /// <summary>When set, every call must carry this user and password (HTTP basic), as on a secure server.</summary>
    public NetworkCredential? RequiredCredential { get; set; }

    /// <summary>Starts the server in process; the handler connects a client to it.</summary>
    public HttpMessageHandler Start()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        _app = Build(builder);
        _app.StartAsync().GetAwaiter().GetResult();
        return _app.GetTestServer().CreateHandler();
    }

    /// <summary>Starts the server on a loopback port, over TLS with <paramref name="certificate"/> (or plain HTTP/2 without); returns the port.</summary>
    public int StartOnLoopback(X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        _app = Build(builder);
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address).Port;
    }

    private WebApplication Build(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(this);
        var app = builder.Build();
        app.MapGrpcService<FakeEventStoreDb>();
        return app;
    }

    /// <summary>Refuses a call without the required credentials, as EventStoreDB does (Unauthenticated).</summary>
    private void Authenticate(ServerCallContext context)
    {
        if (Unwell is { } unwell) throw new RpcException(unwell);
        if (RequiredCredential is not { } required) return;
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{required.UserName}:{required.Password}"));
        if (context.RequestHeaders.GetValue("authorization") != expected)
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Bad username or password"));
    }

    /// <summary>An event written behind the client's back: another stream's, or one of ours by another tool.</summary>
    public void Write(string stream, ByteString data, ByteString? customMetadata = null)
    {
        lock (_lock)
        {
            var revision = (ulong)_log.Count(r => r.Stream == stream);
            _log.Add(new Record(stream, revision, _next, Guid.NewGuid().ToString(), "noise", data, customMetadata));
            _next += 211;
            Changed();
        }
    }

    // Completed (and replaced) whenever $all grows, to wake live subscriptions; callers hold _lock.
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource _drop = new();

    private void Changed()
    {
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Ends every live subscription normally, as a node shutting down does.</summary>
    public void DropSubscriptions()
    {
        lock (_lock)
        {
            _drop.Cancel();
            _drop = new CancellationTokenSource();
        }
    }

    /// <summary>Live subscriptions being served now.</summary>
    public int Subscribers => Volatile.Read(ref _subscribers);
    private int _subscribers;

    /// <summary>The most bytes one append may carry (EventStoreDB's MaxAppendSize; 1 MiB by default).</summary>
    public int MaxAppendSize { get; set; } = 1024 * 1024;

    /// <summary>
    /// Refuses a call that wants the leader (requires-leader: true) while this node plays a follower, naming the
    /// leader in trailers as EventStoreDB does; a call that does not ask would be forwarded, so it is served.
    /// </summary>
    private void RefuseIfFollower(ServerCallContext context)
    {
        lock (_lock)
        {
            if (NotLeader is not { Times: > 0 } leader || context.RequestHeaders.GetValue("requires-leader") != "true") return;
            NotLeader = leader with { Times = leader.Times - 1 };
            throw new RpcException(new Status(StatusCode.NotFound, "Leader info available"), new Metadata
            {
                { "exception", "not-leader" }, { "leader-endpoint-host", leader.Host }, { "leader-endpoint-port", leader.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
        }
    }

    public override async Task<AppendResp> Append(IAsyncStreamReader<AppendReq> requestStream, ServerCallContext context)
    {
        bool slow = WriteAfterCallerGivesUp;
        try
        {
            return await AppendAsync(requestStream, context, slow);
        }
        finally
        {
            if (slow) _slowAppendHandled.TrySetResult();
        }
    }

    private async Task<AppendResp> AppendAsync(IAsyncStreamReader<AppendReq> requestStream, ServerCallContext context, bool slow)
    {
        Authenticate(context);
        RefuseIfFollower(context);
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.ContentCase != AppendReq.ContentOneofCase.Options)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Options is a required argument"));
        var options = requestStream.Current.Options;
        RefuseIfDeleted(options.StreamIdentifier.StreamName.ToStringUtf8());
        lock (_lock) AppendHosts.Add(context.Host);
        // Like EventStoreDB, refusals come as soon as they are known, while the client may still be writing.
        if (RefuseAppends is { } refused)
            throw new RpcException(new Status(refused, "Access Denied"), new Metadata { { "exception", "access-denied" } });
        var proposed = new List<AppendReq.Types.ProposedMessage>();
        long size = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var message = requestStream.Current.ProposedMessage;
            if (!message.Metadata.ContainsKey("type") || !message.Metadata.ContainsKey("content-type"))
                throw new RpcException(new Status(StatusCode.InvalidArgument, "Required metadata properties are missing"), new Metadata
                {
                    { "exception", "missing-required-metadata-property" }, { "required-metadata-properties", "type,content-type" },
                });
            size += message.Data.Length + message.CustomMetadata.Length + 2L * message.Metadata["type"].Length;
            if (size > MaxAppendSize)
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"Maximum Append Size of {MaxAppendSize} Exceeded."), new Metadata
                {
                    { "exception", "maximum-append-size-exceeded" }, { "maximum-append-size", MaxAppendSize.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                });
            proposed.Add(message);
        }
        if (slow)
        {
            try { await Task.Delay(Timeout.Infinite, context.CancellationToken); }
            catch (OperationCanceledException) { }
        }
        return Write(options.StreamIdentifier.StreamName.ToStringUtf8(), options, proposed);
    }

    private AppendResp Write(string stream, AppendReq.Types.Options options, List<AppendReq.Types.ProposedMessage> proposed)
    {
        lock (_lock)
        {
            var existing = _log.Where(r => r.Stream == stream).ToList();
            long current = existing.Count - 1; // -1: no stream
            long expected = options.ExpectedStreamRevisionCase == AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.NoStream ? -1 : (long)options.Revision;
            // A resend of events already written at that revision is a success, as on EventStoreDB (ids are idempotent).
            bool resent = current >= expected + proposed.Count && proposed.Count > 0 &&
                proposed.Select((m, i) => existing[(int)(expected + 1 + i)].Id == m.Id.String).All(same => same);
            if (current != expected && !resent)
            {
                var wrong = new AppendResp.Types.WrongExpectedVersion();
                if (current == -1) wrong.CurrentNoStream = new Empty(); else wrong.CurrentRevision = (ulong)current;
                if (expected == -1) wrong.ExpectedNoStream = new Empty(); else wrong.ExpectedRevision = (ulong)expected;
                return new AppendResp { WrongExpectedVersion = wrong };
            }
            if (!resent)
            {
                foreach (var message in proposed)
                {
                    _log.Add(new Record(stream, (ulong)++current, _next, message.Id.String, message.Metadata["type"], message.Data, message.CustomMetadata));
                    _next += 97 + (ulong)message.Data.Length;
                    Appended++;
                }
                Changed();
            }
            var last = _log.Last(r => r.Stream == stream);
            return new AppendResp
            {
                Success = new AppendResp.Types.Success
                {
                    CurrentRevision = last.Revision,
                    Position = new AppendResp.Types.Position { CommitPosition = last.Position, PreparePosition = last.Position },
                },
            };
        }
    }

    public override async Task Read(ReadReq request, IServerStreamWriter<ReadResp> responseStream, ServerCallContext context)
    {
        Interlocked.Increment(ref _readCalls);
        Authenticate(context);
        RefuseIfFollower(context);
        var options = request.Options;
        // What EventStoreDB 24.x insists on (each missing one is an InvalidArgument there).
        if (options.UuidOption?.ContentCase != ReadReq.Types.Options.Types.UUIDOption.ContentOneofCase.String)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "'uuidOption' is a required argument (the client reads string UUIDs)"));
        if (options.CountOptionCase == ReadReq.Types.Options.CountOptionOneofCase.None || options.FilterOptionCase == ReadReq.Types.Options.FilterOptionOneofCase.None)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The combination of options is invalid."));
        if (options.ReadDirection != ReadReq.Types.Options.Types.ReadDirection.Forwards)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The client reads forwards only."));
        if (options.FilterOptionCase == ReadReq.Types.Options.FilterOptionOneofCase.Filter &&
            (options.Filter.WindowCase == ReadReq.Types.Options.Types.FilterOptions.WindowOneofCase.None ||
             (options.Filter.WindowCase == ReadReq.Types.Options.Types.FilterOptions.WindowOneofCase.Max && options.Filter.Max == 0)))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "A filter needs a window (count, or max > 0)."));
        if (options.CountOptionCase == ReadReq.Types.Options.CountOptionOneofCase.Subscription)
        {
            await SubscribeAsync(options, responseStream, context);
            return;
        }
        List<Record> selected;
        lock (_lock) selected = [.. _log];
        if (options.StreamOptionCase == ReadReq.Types.Options.StreamOptionOneofCase.Stream)
        {
            var stream = options.Stream.StreamIdentifier.StreamName.ToStringUtf8();
            RefuseIfDeleted(stream);
            selected = [.. selected.Where(r => r.Stream == stream)];
            if (selected.Count == 0)
            {
                await responseStream.WriteAsync(new ReadResp { StreamNotFound = new ReadResp.Types.StreamNotFound { StreamIdentifier = options.Stream.StreamIdentifier } });
                return;
            }
            if (options.Stream.RevisionOptionCase == ReadReq.Types.Options.Types.StreamOptions.RevisionOptionOneofCase.Revision)
                selected = [.. selected.Where(r => r.Revision >= options.Stream.Revision)];
        }
        else
        {
            ulong from = options.All.AllOptionCase == ReadReq.Types.Options.Types.AllOptions.AllOptionOneofCase.Position ? options.All.Position.CommitPosition : 0;
            if (from != 0 && !selected.Any(r => r.Position == from) && from != _next)
                throw new RpcException(new Status(StatusCode.InvalidArgument, "Trying to read from an invalid position."));
            var prefixes = options.FilterOptionCase == ReadReq.Types.Options.FilterOptionOneofCase.Filter ? options.Filter.StreamIdentifier.Prefix.ToArray() : [];
            selected = [.. selected.Where(r => r.Position >= from && (prefixes.Length == 0 || prefixes.Any(p => r.Stream.StartsWith(p, StringComparison.Ordinal))))];
        }
        bool withoutPositions = StreamReadsWithoutPositions && options.StreamOptionCase == ReadReq.Types.Options.StreamOptionOneofCase.Stream;
        foreach (var r in selected)
        {
            var read = ToReadEvent(r);
            if (withoutPositions)
            {
                read.Event.CommitPosition = read.Event.PreparePosition = ulong.MaxValue;
                read.NoPosition = new Empty();
            }
            await responseStream.WriteAsync(new ReadResp { Event = read });
        }
    }

    /// <summary>
    /// A catch-up subscription to $all as EventStoreDB 24.x serves it: a confirmation, the stored events after the
    /// start (exclusive), a checkpoint and a caught-up notice, then each new event as it is written, until the client
    /// goes away or the subscriptions are dropped (the call then ends normally).
    /// </summary>
    private async Task SubscribeAsync(ReadReq.Types.Options options, IServerStreamWriter<ReadResp> responseStream, ServerCallContext context)
    {
        if (options.StreamOptionCase != ReadReq.Types.Options.StreamOptionOneofCase.All || options.Filter?.CheckpointIntervalMultiplier is null or 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Subscriptions here are to $all, filtered, with a checkpoint multiplier of at least 1."));
        await responseStream.WriteAsync(new ReadResp { Confirmation = new ReadResp.Types.SubscriptionConfirmation { SubscriptionId = Guid.NewGuid().ToString() } });
        var prefixes = options.Filter.StreamIdentifier.Prefix.ToArray();
        long sent = options.All.AllOptionCase switch
        {
            ReadReq.Types.Options.Types.AllOptions.AllOptionOneofCase.Position => (long)options.All.Position.CommitPosition,
            ReadReq.Types.Options.Types.AllOptions.AllOptionOneofCase.End => (long)_next - 1,
            _ => -1,
        };
        bool caughtUp = false;
        Interlocked.Increment(ref _subscribers);
        try
        {
            while (true)
            {
                List<Record> fresh;
                Task changed;
                CancellationToken dropped;
                lock (_lock)
                {
                    fresh = [.. _log.Where(r => (long)r.Position > sent)];
                    changed = _changed.Task;
                    dropped = _drop.Token;
                }
                foreach (var r in fresh)
                {
                    sent = (long)r.Position;
                    if (prefixes.Any(p => r.Stream.StartsWith(p, StringComparison.Ordinal))) await responseStream.WriteAsync(new ReadResp { Event = ToReadEvent(r) });
                }
                if (!caughtUp)
                {
                    caughtUp = true;
                    var at = (ulong)Math.Max(0, sent);
                    await responseStream.WriteAsync(new ReadResp { Checkpoint = new ReadResp.Types.Checkpoint { CommitPosition = at, PreparePosition = at } });
                    await responseStream.WriteAsync(new ReadResp { CaughtUp = new ReadResp.Types.CaughtUp() });
                }
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, dropped);
                try
                {
                    await changed.WaitAsync(wake.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _subscribers);
        }
    }

    private static ReadResp.Types.ReadEvent ToReadEvent(Record r)
    {
        var recorded = new ReadResp.Types.ReadEvent.Types.RecordedEvent
        {
            Id = new UUID { String = r.Id },
            StreamIdentifier = new StreamIdentifier { StreamName = ByteString.CopyFromUtf8(r.Stream) },
            StreamRevision = r.Revision,
            CommitPosition = r.Position,
            PreparePosition = r.Position,
            Data = r.Data,
            CustomMetadata = r.CustomMetadata ?? ByteString.Empty,
        };
        // EventStoreDB gives back exactly these three, whatever else was sent.
        recorded.Metadata.Add("type", r.Type);
        // created: 100 ns ticks since 1970, as EventStoreDB writes it (checked with its Node.js client).
        recorded.Metadata.Add("created", (r.Created - DateTime.UnixEpoch.Ticks).ToString(System.Globalization.CultureInfo.InvariantCulture));
        recorded.Metadata.Add("content-type", "application/octet-stream");
        return new ReadResp.Types.ReadEvent { Event = recorded, CommitPosition = r.Position };
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
