using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace InterviewGateway.Vendors.Simulators;

/// In sandbox mode vendor clients call this very process; the listening address is only known after
/// Kestrel starts, so it is filled in per request. Under the test server there is no address and the
/// request goes through unchanged (the test server's handler ignores the host).
internal sealed class SandboxLoopbackHandler(IServer server) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && uri.Host == VendorCatalog.SandboxHost.Host
            && server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address)
        {
            var self = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal));
            request.RequestUri = new UriBuilder(uri) { Scheme = self.Scheme, Host = self.Host, Port = self.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
