using Hangfire;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors.Budgets;

namespace InterviewGateway.Vendors.Webhooks;

/// Follows up an accepted vendor webhook: the webhook is only a signal, so the interview is read from
/// the vendor (tracking it if new) and merged through the same pipeline as a poll. A vendor that is
/// down makes the job fail and Hangfire retry it with backoff, so the signal is not lost. The interview
/// side lives in Interviews behind `ITrackedInterviews`; the job stays here because Hangfire stores its
/// type name with every enqueued job.
internal sealed partial class VendorWebhookJob(ITrackedInterviews interviews, IKeyValueStore values, RedisKeys keys,
    ILogger<VendorWebhookJob> logger)
{
    [AutomaticRetry(Attempts = 10, LogEvents = false, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(string vendor, string vendorInterviewId, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(
            new Dictionary<string, object> { ["Vendor"] = vendor, ["VendorInterviewId"] = vendorInterviewId });
        using var activity = GatewayActivity.StartFrom("vendor_webhook.follow_up",
            await values.GetAsync(keys.FollowUpTrace(vendor, vendorInterviewId), cancellationToken));
        try
        {
            await FollowUpAsync(vendor, vendorInterviewId, FollowUpReason.Webhook, cancellationToken);
        }
        catch (ProblemException ex) when (ex.Status >= 500)
        {
            Log.Deferred(logger, vendor, vendorInterviewId, ex.Status);
            throw;
        }
        catch (ProblemException ex)
        {
            // Final answers (404, another company, rejected): retrying cannot change them.
            Log.Dropped(logger, vendor, vendorInterviewId, ex.Status, ex.Title);
        }
    }

    /// Shared by webhooks and reconciliation: refresh a tracked interview, or start tracking a new one,
    /// spending the budget of the priority that `reason` stands for.
    public async Task FollowUpAsync(
        string vendor, string vendorInterviewId, FollowUpReason reason, CancellationToken cancellationToken)
    {
        var priority = reason == FollowUpReason.Reconcile ? BudgetPriority.Reconcile : BudgetPriority.Webhook;
        using var _ = BudgetScope.Enter(priority);
        await interviews.FollowUpAsync(vendor, vendorInterviewId, reason, cancellationToken);
    }

    public static void LogReconcileFailed(ILogger logger, string vendor, string vendorInterviewId, int status) =>
        Log.ReconcileFailed(logger, vendor, vendorInterviewId, status);

    private static partial class Log
    {
        [LoggerMessage(6000, LogLevel.Information,
            "Webhook follow-up for {Vendor} interview {VendorInterviewId} deferred: vendor answered {Status}; "
            + "Hangfire retries it")]
        public static partial void Deferred(ILogger logger, string vendor, string vendorInterviewId, int status);

        [LoggerMessage(
            6001, LogLevel.Warning,
            "Webhook follow-up for {Vendor} interview {VendorInterviewId} dropped: vendor answered {Status} {Title}")]
        public static partial void Dropped(
            ILogger logger, string vendor, string vendorInterviewId, int status, string title);

        [LoggerMessage(
            6002, LogLevel.Information,
            "Reconciliation of {Vendor} interview {VendorInterviewId} failed ({Status}); the next pass retries it")]
        public static partial void ReconcileFailed(ILogger logger, string vendor, string vendorInterviewId, int status);
    }
}
