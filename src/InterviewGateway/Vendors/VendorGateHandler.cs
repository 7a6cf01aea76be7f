using System.Net;
using System.Net.Http.Headers;
using InterviewGateway.Infrastructure.Http;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Timeline;
using InterviewGateway.Vendors.Budgets;

namespace InterviewGateway.Vendors;

/// Every vendor request passes here: refuse when the vendor is not configured, spend the budget
/// (which waits or refuses), add the bearer key, and pause the vendor after a 429.
internal sealed class VendorGateHandler(
    VendorKey key, VendorCatalog catalog, IVendorBudget budget, GatewayMetrics metrics, TimeProvider time)
    : DelegatingHandler
{
    public static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(60);

    private static readonly string[] PriorityNames = ["interactive", "webhook", "reconcile", "poll"];

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var connection = catalog.Connection(key);
        if (!connection.Configured)
        {
            throw VendorException.NotConfigured(key);
        }

        var (started, begin) = (time.GetUtcNow(), time.GetTimestamp());
        if (!BudgetScope.TryConsumePrepaid())
        {
            await budget.AcquireAsync(key, BudgetScope.Current, cancellationToken);
        }

        var (waited, sent) = (time.GetElapsedTime(begin), time.GetTimestamp());

        metrics.BudgetSpent(key.Value, PriorityNames[(int)BudgetScope.Current]);

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", connection.ApiKey);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            VendorCallScope.Record(TimelineRecorder.VendorCall(started, PriorityNames[(int)BudgetScope.Current],
                (int?)response?.StatusCode, time.GetElapsedTime(sent), waited));
        }

        metrics.VendorRequest(key.Value, (int)response.StatusCode);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var pause = RetryAfterHeader.Parse(response, time.GetUtcNow()) ?? DefaultPause;
            await budget.PauseAsync(key, pause, cancellationToken);
        }

        return response;
    }
}
