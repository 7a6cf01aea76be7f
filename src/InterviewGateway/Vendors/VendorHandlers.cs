using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using InterviewGateway.Infrastructure.Http;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Vendors.Budgets;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace InterviewGateway.Vendors;

/// Every vendor request passes here: refuse when the vendor is not configured, spend the budget
/// (which waits or refuses), add the bearer key, and pause the vendor after a 429.
internal sealed class VendorGateHandler(VendorKey key, VendorCatalog catalog, IVendorBudget budget, GatewayMetrics metrics, TimeProvider time) : DelegatingHandler
{
    public static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(60);

    private static readonly string[] PriorityNames = ["interactive", "webhook", "reconcile", "poll"];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var connection = catalog.Connection(key);
        if (!connection.Configured)
        {
            throw VendorException.NotConfigured(key);
        }

        if (!BudgetScope.TryConsumePrepaid())
        {
            await budget.AcquireAsync(key, BudgetScope.Current, cancellationToken);
        }

        metrics.BudgetSpent(key.Value, PriorityNames[(int)BudgetScope.Current]);

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", connection.ApiKey);
        var response = await base.SendAsync(request, cancellationToken);
        metrics.VendorRequest(key.Value, (int)response.StatusCode);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var pause = RetryAfterHeader.Parse(response, time.GetUtcNow()) ?? DefaultPause;
            await budget.PauseAsync(key, pause, cancellationToken);
        }

        return response;
    }
}

/// In sandbox mode vendor clients call this very process; the listening address is only known after
/// Kestrel starts, so it is filled in per request. Under the test server there is no address and the
/// request goes through unchanged (the test server's handler ignores the host).
internal sealed class SandboxLoopbackHandler(IServer server) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
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
