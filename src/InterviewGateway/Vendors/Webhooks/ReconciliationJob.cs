using Hangfire;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Vendors.Budgets;

namespace InterviewGateway.Vendors.Webhooks;

/// One recurring job per webhook vendor (never per interview): lists what the vendor finished
/// recently and follows up whatever the store does not know as finished, catching lost webhooks.
internal sealed class ReconciliationJob(
    IServiceProvider services, VendorCatalog catalog, ITrackedInterviews interviews, VendorWebhookJob followUp,
    ILogger<ReconciliationJob> logger)
{
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public async Task RunAsync(string vendor, CancellationToken cancellationToken)
    {
        var descriptor = catalog.Get(vendor);
        if (!catalog.Connection(descriptor.Key).Configured
            || services.GetKeyedService<IVendorReconciler>(vendor) is not { } reconciler)
        {
            return;
        }

        using var _ = BudgetScope.Enter(BudgetPriority.Reconcile);
        foreach (var vendorInterviewId in await reconciler.ListFinishedAsync(cancellationToken))
        {
            if (!await interviews.IsFinishedAsync(vendor, vendorInterviewId, cancellationToken))
            {
                try
                {
                    await followUp.FollowUpAsync(
                        vendor, vendorInterviewId, FollowUpReason.Reconcile, cancellationToken);
                }
                catch (ProblemException ex) when (ex.Status < 500)
                {
                    // One interview the vendor refuses must not stop the rest of the pass.
                    VendorWebhookJob.LogReconcileFailed(logger, vendor, vendorInterviewId, ex.Status);
                }
            }
        }
    }
}
