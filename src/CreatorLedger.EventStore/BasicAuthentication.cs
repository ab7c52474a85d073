using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CreatorLedger.EventStore;

/// <summary>
/// Sends the user and password with every call as EventStoreDB's clients do (HTTP basic). A handler rather than gRPC
/// call credentials, because those are refused on an insecure channel and a test server may run without TLS.
/// </summary>
internal sealed class BasicAuthentication(NetworkCredential credential, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly AuthenticationHeaderValue _header =
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.UserName}:{credential.Password}")));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _header;
        return base.SendAsync(request, cancellationToken);
    }
}
