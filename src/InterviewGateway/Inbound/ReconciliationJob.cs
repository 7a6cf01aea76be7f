using Hangfire;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Hangfire;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.Inbound;

/// One recurring job per webhook vendor (never per interview): lists what the vendor finished
/// recently and follows up whatever the store does not know as finished, catching lost webhooks.
internal sealed partial class ReconciliationJob(
    IServiceProvider services, VendorCatalog catalog, InterviewFollowUp followUp, IKeyValueStore leases,
    RedisKeys keys, TimeProvider time, ILogger<ReconciliationJob> logger)
{
    /// Renewed every few minutes while a pass runs; a pass that died frees the vendor within this.
    public static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(3);

    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public async Task RunAsync(string vendor, CancellationToken cancellationToken)
    {
        var descriptor = catalog.Get(vendor);
        if (!catalog.Connection(descriptor.Key).Configured
            || services.GetKeyedService<IVendorReconciler>(vendor) is not { } reconciler)
        {
            return;
        }

        await using var lease = await JobLease.TryAcquireAsync(leases, keys.ReconcileLease(vendor), LeaseTime, time,
            cancellationToken);
        if (lease is null)
        {
            return; // Hangfire started it again while the first pass still runs
        }

        using var _ = BudgetScope.Enter(BudgetPriority.Reconcile);
        var unknown = await reconciler.ListUnknownFinishedAsync(
            (id, token) => followUp.IsFinishedAsync(vendor, id, token), cancellationToken);
        foreach (var vendorInterviewId in unknown)
        {
            if (!await lease.KeepAsync(cancellationToken))
            {
                return;
            }

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

    private static partial class Log
    {
        [LoggerMessage(
            6002, LogLevel.Information,
            "Reconciliation of {Vendor} interview {VendorInterviewId} failed ({Status}); the next pass retries it")]
        public static partial void ReconcileFailed(ILogger logger, string vendor, string vendorInterviewId, int status);
    }
}
