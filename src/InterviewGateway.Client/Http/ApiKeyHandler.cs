using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Client.Http;

/// Sends the API key as a bearer token, read per request so a rotated key applies without a restart.
internal sealed class ApiKeyHandler(IOptionsMonitor<InterviewGatewayClientOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.CurrentValue.ApiKey);
        return base.SendAsync(request, cancellationToken);
    }
}
