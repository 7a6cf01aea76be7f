using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using InterviewGateway.Infrastructure.Observability;
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
            await budget.PauseAsync(key, RetryAfter(response, time.GetUtcNow()) ?? DefaultPause, cancellationToken);
        }

        return response;
    }

    /// `Retry-After` (seconds or date), else `X-RateLimit-Reset` (Unix seconds), else null.
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is { } retry)
        {
            return retry.Delta ?? (retry.Date - now);
        }

        foreach (var name in new[] { "X-RateLimit-Reset", "X-RateLimit-Reset-Minute" })
        {
            if (response.Headers.TryGetValues(name, out var values)
                && long.TryParse(
                    values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
            {
                // Some vendors send seconds-until, others a Unix time; a value far larger than a day is a time.
                return reset > 86_400 ? DateTimeOffset.FromUnixTimeSeconds(reset) - now : TimeSpan.FromSeconds(reset);
            }
        }

        return null;
    }
}
