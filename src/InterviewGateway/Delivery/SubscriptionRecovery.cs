using System.Globalization;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Errors;

namespace InterviewGateway.Delivery;

/// POST /v1/subscriptions/{id}/recover: queues every event since `since` that the subscription wants and
/// has not received successfully, whatever the attempt log holds (it keeps only the last 1,000 lines):
/// failed ones, ones it never got (disabled at fan-out), and ones whose pending attempt is long overdue
/// (a chain that was lost). Each gets its next attempt number and the rest of the retry schedule; an
/// attempt queued moments ago counts as alive, so recovering twice queues nothing twice.
internal sealed class SubscriptionRecovery(IEventStore events, IDeliveryQueue queue, TimeProvider time)
{
    private const int PageSize = 1000;
    private static readonly TimeSpan OverdueRetry = TimeSpan.FromMinutes(5);

    public async Task<int> RecoverAsync(Subscription subscription, string? since, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var from = Since(since);
        if (from > now)
        {
            throw ProblemException.Validation("since", "since must not be in the future.");
        }

        if (from < now - IEventStore.Retention)
        {
            throw ProblemException.Validation("since",
                "since must be within the last 30 days (events are kept 30 days).");
        }

        var wanted = new List<string>();
        string? cursor = null;
        do
        {
            var (page, next) = await events.ListAsync(new EventQuery(PageSize, cursor, null, null), now,
                cancellationToken);
            wanted.AddRange(page.Where(e => (e.StoredAt >= from || e.Timestamp >= from)
                && subscription.WantsStored(e)).Select(e => e.Id));
            cursor = next;
        }
        while (cursor is not null);

        return await queue.RequeueUndeliveredAsync(subscription.Id, wanted, now - OverdueRetry, cancellationToken);
    }

    /// The same rules as the API's query timestamps (RFC 3339, UTC assumed), for a body field.
    private static DateTimeOffset Since(string? since) =>
        since is null ? throw ProblemException.Validation("since", "since is required.")
        : DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : throw ProblemException.Validation("since", "since must be an RFC 3339 timestamp.");
}
