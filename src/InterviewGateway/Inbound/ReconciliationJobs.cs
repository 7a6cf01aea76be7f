using Hangfire;
using InterviewGateway.Infrastructure.Hangfire;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.Inbound;

/// One recurring reconciliation job per vendor that has a reconciler.
internal sealed class ReconciliationJobs(
    VendorCatalog catalog, IServiceProviderIsKeyedService registrations,
    Microsoft.Extensions.Options.IOptions<ReconciliationOptions> options) : IRecurringJobSource
{
    public IEnumerable<RecurringJobDefinition> Jobs =>
        catalog.All
            .Select(v => v.Key.Value)
            .Where(key => registrations.IsKeyedService(typeof(IVendorReconciler), key))
            .Select(key => new RecurringJobDefinition($"reconcile:{key}", options.Value.Cron, recurring =>
                recurring.AddOrUpdate<ReconciliationJob>($"reconcile:{key}",
                    job => job.RunAsync(key, CancellationToken.None), options.Value.Cron)));
}
