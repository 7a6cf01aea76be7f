using Hangfire;
using InterviewGateway.Infrastructure.Hangfire;

namespace InterviewGateway.Delivery;

/// The daily retention job, kept registered by `RecurringJobKeeper`.
internal sealed class DeliveryRetentionJobs : IRecurringJobSource
{
    private static readonly string Cron = global::Hangfire.Cron.Daily(3);

    public IEnumerable<RecurringJobDefinition> Jobs { get; } =
    [
        new("delivery-retention", Cron, recurring => recurring.AddOrUpdate<DeliveryRetentionJob>(
            "delivery-retention", job => job.RunAsync(CancellationToken.None), Cron)),
    ];
}
