using System.Globalization;
using CreatorLedger.Identity;
using CreatorLedger.Transparency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CreatorLedger.Witness;

/// <summary>
/// The HTTP face of <see cref="CheckpointWitness"/> on Kestrel, a thin adapter: it reads the body, asks the rules, and writes
/// the status the spec gives each verdict.
/// <list type="bullet">
/// <item><c>POST &lt;prefix&gt;/add-checkpoint</c>: tlog-witness v1. 200 cosignature line (text/plain), 400, 403, 404,
/// 409 with the latest size (<c>text/x.tlog.size</c>), 422; refusals carry a one-line reason.</item>
/// <item><c>GET &lt;prefix&gt;/&lt;hex SHA-256 of origin&gt;/checkpoint</c>: tlog-witness monitoring read, the latest cosigned
/// checkpoint (log signatures it verified and its cosignature), 404 if none.</item>
/// <item><c>GET &lt;prefix&gt;/latest?origin=&lt;origin&gt;</c>: the same, addressed by the origin itself (our own convenience).</item>
/// </list>
/// </summary>
public sealed class WitnessServer : IAsyncDisposable
{
    /// <summary>The largest request body read; a checkpoint with 63 proof lines and 100 signatures is far below it.</summary>
    public const int MaxRequestBytes = 1 << 20;

    private const string TextPlain = "text/plain; charset=utf-8";

    private readonly WebApplication _app;
    private readonly SigningKey _key;
    private readonly WitnessState _state;

    private WitnessServer(WebApplication app, SigningKey key, WitnessState state, CheckpointWitness witness, Uri address, string prefix)
    {
        _app = app;
        _key = key;
        _state = state;
        Witness = witness;
        Address = address;
        Prefix = new Uri(address, prefix.Length == 0 ? "/" : prefix);
    }

    /// <summary>Where Kestrel listens, with the real port when the config asked for port 0.</summary>
    public Uri Address { get; }

    /// <summary>The submission and monitoring prefix (they are the same here).</summary>
    public Uri Prefix { get; }

    public CheckpointWitness Witness { get; }

    /// <summary>Loads the key and state the config names and starts listening.</summary>
    /// <param name="beforeWrite">A test fault hook, passed to <see cref="CheckpointWitness"/>.</param>
    /// <param name="handleSignals">Stop on SIGINT/SIGTERM (a process); false when hosted in another program (tests).</param>
    /// <param name="log">Where refusals are reported (they may be evidence of a misbehaving log); null for none.</param>
    public static async Task<WitnessServer> StartAsync(
        WitnessConfig config, TimeProvider time, Action? beforeWrite = null, bool handleSignals = false, TextWriter? log = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(time);
        var key = WitnessKeyFile.Read(config.KeyFile);
        WitnessState? state = null;
        try
        {
            state = WitnessState.Open(config.StateFile);
            var witness = new CheckpointWitness(new NoteSigner(config.Name, key), config.Logs, state, time, beforeWrite);
            var prefix = WitnessConfig.NormalizePrefix(config.Prefix);

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<IHostLifetime>(sp => new WitnessLifetime(sp.GetRequiredService<IHostApplicationLifetime>(), handleSignals));
            builder.WebHost.UseUrls(config.Listen.GetLeftPart(UriPartial.Authority));
            builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBytes + 1);
            var app = builder.Build();
            var originsByHash = config.Logs.ToDictionary(l => WitnessClient.OriginHash(l.Origin), l => l.Origin, StringComparer.Ordinal);

            app.MapPost(prefix + "/add-checkpoint", (HttpContext context) => AddCheckpointAsync(context, witness, log));
            app.MapGet(prefix + "/{originHash}/checkpoint", (HttpContext context, string originHash) =>
                LatestAsync(context, witness, originsByHash.GetValueOrDefault(originHash)));
            app.MapGet(prefix + "/latest", (HttpContext context, string? origin) =>
                LatestAsync(context, witness, origin is not null && config.Logs.Any(l => l.Origin == origin) ? origin : null));

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new WitnessServer(app, key, state, witness, new Uri(bound), prefix);
        }
        catch
        {
            state?.Dispose();
            key.Dispose();
            throw;
        }
    }

    /// <summary>Completes when the host stops (a signal, or <see cref="DisposeAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    private static async Task AddCheckpointAsync(HttpContext context, CheckpointWitness witness, TextWriter? log)
    {
        var body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var outcome = body is null
            ? WitnessOutcome.Refused(WitnessVerdict.Malformed, $"the request body is larger than {MaxRequestBytes} bytes")
            : witness.AddCheckpoint(body);
        var response = context.Response;
        switch (outcome.Verdict)
        {
            case WitnessVerdict.Cosigned:
                await WriteAsync(response, StatusCodes.Status200OK, TextPlain, outcome.Cosignature!.ToString(), context.RequestAborted).ConfigureAwait(false);
                return;
            case WitnessVerdict.Conflict:
                await WriteAsync(response, StatusCodes.Status409Conflict, WitnessClient.SizeMediaType,
                    outcome.LatestSize!.Value.ToString(CultureInfo.InvariantCulture) + "\n", context.RequestAborted).ConfigureAwait(false);
                return;
            default:
                if (outcome.Verdict is WitnessVerdict.Inconsistent or WitnessVerdict.BadSignature)
                    log?.WriteLine($"refused {outcome.Verdict}: {outcome.Problem}");
                await WriteAsync(response, StatusOf(outcome.Verdict), TextPlain, outcome.Problem + "\n", context.RequestAborted).ConfigureAwait(false);
                return;
        }
    }

    private static int StatusOf(WitnessVerdict verdict) => verdict switch
    {
        WitnessVerdict.Malformed => StatusCodes.Status400BadRequest,
        WitnessVerdict.BadSignature => StatusCodes.Status403Forbidden,
        WitnessVerdict.UnknownOrigin => StatusCodes.Status404NotFound,
        WitnessVerdict.Conflict => StatusCodes.Status409Conflict,
        WitnessVerdict.Inconsistent => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status200OK,
    };

    private static async Task LatestAsync(HttpContext context, CheckpointWitness witness, string? origin)
    {
        var note = origin is null ? null : witness.Latest(origin);
        if (note is null)
            await WriteAsync(context.Response, StatusCodes.Status404NotFound, TextPlain, "no cosigned checkpoint of this origin\n", context.RequestAborted).ConfigureAwait(false);
        else
            await WriteAsync(context.Response, StatusCodes.Status200OK, TextPlain, note.ToString(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The body, or null when it is larger than <see cref="MaxRequestBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxRequestBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxRequestBytes) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException)
        {
            return null;
        }
        return buffer.ToArray();
    }

    private static Task WriteAsync(HttpResponse response, int status, string contentType, string text, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        return response.WriteAsync(text, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _state.Dispose();
            _key.Dispose();
        }
    }
}
