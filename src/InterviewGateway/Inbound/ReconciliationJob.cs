using Hangfire;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.Inbound;

/// One recurring job per webhook vendor (never per interview): lists what the vendor finished
/// recently and follows up whatever the store does not know as finished, catching lost webhooks.
internal sealed partial class ReconciliationJob(
    IServiceProvider services, VendorCatalog catalog, InterviewFollowUp followUp, ILogger<ReconciliationJob> logger)
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
            if (!await followUp.IsFinishedAsync(vendor, vendorInterviewId, cancellationToken))
            {
                try
                {
                    await followUp.RunAsync(vendor, vendorInterviewId, FollowUpReason.Reconcile, cancellationToken);
                }
                catch (ProblemException ex) when (ex.Status < 500)
                {
                    // One interview the vendor refuses must not stop the rest of the pass.
                    Log.ReconcileFailed(logger, vendor, vendorInterviewId, ex.Status);
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(
            6002, LogLevel.Information,
            "Reconciliation of {Vendor} interview {VendorInterviewId} failed ({Status}); the next pass retries it")]
        public static partial void ReconcileFailed(ILogger logger, string vendor, string vendorInterviewId, int status);
    }
}
