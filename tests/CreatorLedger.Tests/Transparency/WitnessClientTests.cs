using System.Net;
using System.Net.Sockets;
using CreatorLedger.Transparency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary><see cref="WitnessClient"/> against endpoints that are not good witnesses: every answer is a result, none an exception.</summary>
public sealed class WitnessClientTests : IDisposable
{
    private readonly TestLog _log = new();
    private readonly HttpClient _http = new();

    public WitnessClientTests() => _log.Grow(3);

    public void Dispose()
    {
        _http.Dispose();
        _log.Dispose();
    }

    /// <summary>Kestrel on a free loopback port answering every request with <paramref name="answer"/>.</summary>
    private static async Task<(WebApplication App, Uri Address)> FakeAsync(RequestDelegate answer)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(answer);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address + "/w"));
    }

    private static RequestDelegate Answer(int status, string contentType, string body) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    };

    private async Task<WitnessAddResult> AddAgainstAsync(RequestDelegate answer)
    {
        var (app, address) = await FakeAsync(answer);
        await using (app) return await new WitnessClient(_http).AddCheckpointAsync(address, 0, [], _log.Checkpoint());
    }

    [Theory]
    [InlineData("<html>hello</html>")]
    [InlineData("")]
    [InlineData("\u2014 witness.example/w1 not-base64\n")]
    [InlineData("\u2014 witness.example/w1 AAAAAAAAAAAAAAAAAAAAAA==")]
    public async Task AddCheckpoint_GarbageIn200_IsRefusedAsGarbage(string body)
    {
        var refused = Assert.IsType<WitnessRefused>(await AddAgainstAsync(Answer(200, "text/plain", body)));
        Assert.Equal(WitnessRefusal.Garbage, refused.Reason);
        Assert.Equal(200, refused.StatusCode);
        Assert.StartsWith("garbage: ", refused.Message);
    }

    [Fact]
    public async Task AddCheckpoint_409WithoutTlogSizeType_IsRefusedAsGarbage()
    {
        var refused = Assert.IsType<WitnessRefused>(await AddAgainstAsync(Answer(409, "text/plain", "12\n")));
        Assert.Equal(WitnessRefusal.Garbage, refused.Reason);
        Assert.Contains("text/x.tlog.size", refused.Message);
    }

    [Fact]
    public async Task AddCheckpoint_409WithASizeThatIsNoNumber_IsRefusedAsGarbage()
    {
        var refused = Assert.IsType<WitnessRefused>(await AddAgainstAsync(Answer(409, "text/x.tlog.size", "012\n")));
        Assert.Equal(WitnessRefusal.Garbage, refused.Reason);
    }

    [Fact]
    public async Task AddCheckpoint_Status500_IsRefusedWithTheStatusAndText()
    {
        var refused = Assert.IsType<WitnessRefused>(await AddAgainstAsync(Answer(500, "text/plain", "disk full\n")));
        Assert.Equal(WitnessRefusal.OtherStatus, refused.Reason);
        Assert.Equal(500, refused.StatusCode);
        Assert.Equal("disk full", refused.Message);
    }

    [Fact]
    public async Task AddCheckpoint_WitnessDown_IsRefusedAsUnreachable()
    {
        var refused = Assert.IsType<WitnessRefused>(await new WitnessClient(_http).AddCheckpointAsync(ClosedPort(), 0, [], _log.Checkpoint()));
        Assert.Equal(WitnessRefusal.Unreachable, refused.Reason);
        Assert.Null(refused.StatusCode);
        Assert.False(string.IsNullOrEmpty(refused.Message));
    }

    [Fact]
    public async Task AddCheckpoint_SendsTheSpecsBodyToPrefixAddCheckpoint()
    {
        string? path = null, body = null;
        var proof = _log.Grow(2).Proof(3, 5);
        var (app, address) = await FakeAsync(async context =>
        {
            path = context.Request.Method + " " + context.Request.Path;
            body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Response.StatusCode = 404;
        });
        await using (app)
        {
            var refused = Assert.IsType<WitnessRefused>(await new WitnessClient(_http).AddCheckpointAsync(address, 3, proof, _log.Checkpoint()));
            Assert.Equal(WitnessRefusal.UnknownOrigin, refused.Reason);
        }
        Assert.Equal("POST /w/add-checkpoint", path);
        Assert.Equal($"old 3\n{string.Concat(proof.Select(h => Convert.ToBase64String(h) + "\n"))}\n{_log.Checkpoint()}", body);
    }

    [Fact]
    public async Task Latest_GarbageOrAnotherOrigin_IsAProblemNotANote()
    {
        var (app, address) = await FakeAsync(Answer(200, "text/plain", new TestLog("example.com/elsewhere").Grow(1).Checkpoint().ToString()));
        await using (app)
        {
            var latest = await new WitnessClient(_http).LatestAsync(address, _log.Origin);
            Assert.False(latest.Found);
            Assert.False(latest.NeverCosigned);
            Assert.Contains("garbage", latest.Problem);
        }
        var down = await new WitnessClient(_http).LatestAsync(ClosedPort(), _log.Origin);
        Assert.Null(down.StatusCode);
        Assert.NotNull(down.Problem);
    }

    [Fact]
    public async Task AddCheckpoint_Misuse_Throws()
    {
        var client = new WitnessClient(_http);
        var witness = new Uri("http://127.0.0.1:9/w");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.AddCheckpointAsync(witness, -1, [], _log.Checkpoint()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.AddCheckpointAsync(witness, 0, Enumerable.Repeat(new byte[32], 64).ToArray(), _log.Checkpoint()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.AddCheckpointAsync(witness, 0, [new byte[31]], _log.Checkpoint()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.AddCheckpointAsync(new Uri("ftp://example/w"), 0, [], _log.Checkpoint()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.AddCheckpointAsync(witness, 0, [], _log.Signer.SignNote("not a checkpoint\n")));
    }

    [Fact]
    public async Task AddCheckpoint_CallerCancels_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new WitnessClient(_http).AddCheckpointAsync(ClosedPort(), 0, [], _log.Checkpoint(), cancelled.Token));
    }

    /// <summary>A loopback URL nothing listens on: a port taken from the OS and released.</summary>
    private static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/w");
    }
}
