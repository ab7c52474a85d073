using CreatorLedger.EventStore.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreatorLedger.Tests.Store;

/// <summary>
/// An in-process server for the subset of EventStoreDB's v1 Streams protocol the client uses: appends with an expected
/// revision (0-based revisions, wrong_expected_version replies), reads of a stream, and reads of $all from a position
/// with a stream-prefix filter. Positions grow by uneven steps and other streams' events sit in $all, as on a real
/// server, so that the client's mapping to gap-free ledger positions and its filter are exercised. Not EventStoreDB:
/// the acceptance is the contract suite against a real server (CREATORLEDGER_ESDB).
/// </summary>
internal sealed class FakeEventStoreDb : Streams.StreamsBase, IAsyncDisposable
{
    private sealed record Record(string Stream, ulong Revision, ulong Position, string Id, IReadOnlyDictionary<string, string> Metadata, ByteString Data);

    private readonly Lock _lock = new();
    private readonly List<Record> _log = [];
    private ulong _next = 1_000;

    /// <summary>How many appends to refuse as a follower naming this leader (host, port).</summary>
    public (string Host, int Port, int Times)? NotLeader { get; set; }

    /// <summary>The hosts appends were sent to, in order.</summary>
    public List<string> AppendHosts { get; } = [];

    /// <summary>When set, appends fail with this status (access denied, an overloaded server…).</summary>
    public StatusCode? RefuseAppends { get; set; }

    /// <summary>When set, appends wait this long first (to run into the client's deadline).</summary>
    public TimeSpan AppendDelay { get; set; }

    private readonly TaskCompletionSource _slowAppendHandled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a delayed append has been handled (written or refused) on the server's side.</summary>
    public Task SlowAppendHandled => _slowAppendHandled.Task;
    private WebApplication? _app;

    public FakeEventStoreDb()
    {
        // Something else lives in $all too: the client must filter it out.
        Write("$stats-127.0.0.1:2113", ByteString.CopyFromUtf8("{}"));
    }

    /// <summary>Starts the server in process; the handler connects a client to it.</summary>
    public HttpMessageHandler Start()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(this);
        _app = builder.Build();
        _app.MapGrpcService<FakeEventStoreDb>();
        _app.StartAsync().GetAwaiter().GetResult();
        return _app.GetTestServer().CreateHandler();
    }

    /// <summary>An event of a stream that is not the ledger's, written between the ledger's own.</summary>
    public void Write(string stream, ByteString data)
    {
        lock (_lock)
        {
            var revision = (ulong)_log.Count(r => r.Stream == stream);
            _log.Add(new Record(stream, revision, _next, Guid.NewGuid().ToString(), new Dictionary<string, string> { ["type"] = "noise" }, data));
            _next += 211;
        }
    }

    public override async Task<AppendResp> Append(IAsyncStreamReader<AppendReq> requestStream, ServerCallContext context)
    {
        AppendReq.Types.Options? options = null;
        var proposed = new List<AppendReq.Types.ProposedMessage>();
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            if (request.ContentCase == AppendReq.ContentOneofCase.Options) options = request.Options;
            else proposed.Add(request.ProposedMessage);
        }
        if (options is null) throw new RpcException(new Status(StatusCode.InvalidArgument, "no options"));
        lock (_lock) AppendHosts.Add(context.Host);
        if (NotLeader is { Times: > 0 } leader)
        {
            NotLeader = leader with { Times = leader.Times - 1 };
            throw new RpcException(new Status(StatusCode.NotFound, "Leader info available"), new Metadata
            {
                { "exception", "not-leader" }, { "leader-endpoint-host", leader.Host }, { "leader-endpoint-port", leader.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
        }
        if (RefuseAppends is { } refused) throw new RpcException(new Status(refused, "Access Denied"));
        if (AppendDelay > TimeSpan.Zero)
        {
            // A slow server: the client's deadline passes first; what arrives after it is not written.
            await Task.Delay(AppendDelay, CancellationToken.None);
            _slowAppendHandled.TrySetResult();
            if (context.CancellationToken.IsCancellationRequested) throw new RpcException(new Status(StatusCode.DeadlineExceeded, "deadline exceeded"));
        }
        var stream = options.StreamIdentifier.StreamName.ToStringUtf8();
        lock (_lock)
        {
            long current = _log.Count(r => r.Stream == stream) - 1; // -1: no stream
            bool expectedOk = options.ExpectedStreamRevisionCase == AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.NoStream
                ? current == -1
                : current == (long)options.Revision;
            if (!expectedOk)
            {
                var wrong = new AppendResp.Types.WrongExpectedVersion();
                if (current == -1) wrong.CurrentNoStream = new Empty(); else wrong.CurrentRevision = (ulong)current;
                if (options.ExpectedStreamRevisionCase == AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.NoStream) wrong.ExpectedNoStream = new Empty();
                else wrong.ExpectedRevision = options.Revision;
                return new AppendResp { WrongExpectedVersion = wrong };
            }
            foreach (var message in proposed)
            {
                if (!message.Metadata.ContainsKey("type") || !message.Metadata.ContainsKey("content-type"))
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "type and content-type are required"));
                _log.Add(new Record(stream, (ulong)++current, _next, message.Id.String, new Dictionary<string, string>(message.Metadata), message.Data));
                _next += 97 + (ulong)message.Data.Length;
            }
            var last = _log[^1];
            return new AppendResp
            {
                Success = new AppendResp.Types.Success
                {
                    CurrentRevision = (ulong)current,
                    Position = new AppendResp.Types.Position { CommitPosition = last.Position, PreparePosition = last.Position },
                },
            };
        }
    }

    public override async Task Read(ReadReq request, IServerStreamWriter<ReadResp> responseStream, ServerCallContext context)
    {
        var options = request.Options;
        List<Record> selected;
        lock (_lock) selected = [.. _log];
        {
            if (options.StreamOptionCase == ReadReq.Types.Options.StreamOptionOneofCase.Stream)
            {
                var stream = options.Stream.StreamIdentifier.StreamName.ToStringUtf8();
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
                var prefixes = options.FilterOptionCase == ReadReq.Types.Options.FilterOptionOneofCase.Filter ? options.Filter.StreamIdentifier.Prefix.ToArray() : [];
                selected = [.. selected.Where(r => r.Position >= from && (prefixes.Length == 0 || prefixes.Any(p => r.Stream.StartsWith(p, StringComparison.Ordinal))))];
            }
        }
        foreach (var r in selected)
        {
            var recorded = new ReadResp.Types.ReadEvent.Types.RecordedEvent
            {
                Id = new UUID { String = r.Id },
                StreamIdentifier = new StreamIdentifier { StreamName = ByteString.CopyFromUtf8(r.Stream) },
                StreamRevision = r.Revision,
                CommitPosition = r.Position,
                PreparePosition = r.Position,
                Data = r.Data,
            };
            foreach (var (key, value) in r.Metadata) recorded.Metadata.Add(key, value);
            await responseStream.WriteAsync(new ReadResp { Event = new ReadResp.Types.ReadEvent { Event = recorded, CommitPosition = r.Position } });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
