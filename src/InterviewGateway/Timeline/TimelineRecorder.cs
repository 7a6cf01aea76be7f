using System.Security.Claims;
using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Observability;

namespace InterviewGateway.Timeline;

/// The one way onto an interview's timeline: each call site is one line. Every entry carries the trace
/// id of the work in progress. Recording is best effort: a failure is logged, never thrown, so it cannot
/// fail work that is already stored.
internal sealed partial class TimelineRecorder(IInterviewTimeline timeline, IHttpContextAccessor http,
    TimeProvider time, ILogger<TimelineRecorder> logger)
{
    /// A newly stored interview: the vendor calls that read it, who asked (or what found it), its events.
    public Task TrackedAsync(string interviewId, bool created, string purpose, VendorCallScope calls,
        IReadOnlyList<GatewayEvent> events) =>
        AppendAsync(interviewId, [.. calls.Calls,
            Entry(created ? TimelineEntryKind.Created : TimelineEntryKind.Tracked) with
            {
                ApiKey = http.HttpContext?.User.FindFirstValue(ClaimTypes.Name), Purpose = purpose,
            },
            .. Events(events)]);

    /// A committed change: the vendor calls that led to it, the change, and the events it implied.
    public Task ChangedAsync(string interviewId, VendorCallScope? calls, InterviewStatus from, InterviewStatus to,
        long version, IReadOnlyList<GatewayEvent> events) =>
        AppendAsync(interviewId, [.. calls?.Calls ?? [],
            Entry(TimelineEntryKind.StoredChange) with { FromStatus = from, ToStatus = to, Version = version },
            .. Events(events)]);

    public Task InboundWebhookAsync(string interviewId, string webhookId, string outcome) =>
        AppendAsync(interviewId, [InboundWebhook() with { WebhookId = webhookId, Outcome = outcome }]);

    /// An inbound webhook's entry for a store that writes it with the webhook (the inbound accept), which
    /// fills in the webhook's log id and outcome.
    public TimelineEntry InboundWebhook() => Entry(TimelineEntryKind.InboundWebhook);

    public Task DeliveryAttemptAsync(string interviewId, string subscriptionId, string eventId, int attempt,
        int? statusCode, long durationMs, DateTimeOffset? nextAttemptAt) =>
        AppendAsync(interviewId, [Entry(TimelineEntryKind.DeliveryAttempt) with
        {
            SubscriptionId = subscriptionId, EventId = eventId, Attempt = attempt, StatusCode = statusCode,
            DurationMs = durationMs, NextAttemptAt = nextAttemptAt,
        }]);

    /// For the vendor HTTP pipeline: one call, added to the current VendorCallScope.
    public static TimelineEntry VendorCall(DateTimeOffset at, string purpose, int? statusCode, TimeSpan duration,
        TimeSpan budgetWait) =>
        new(TimelineEntryKind.VendorCall, at, GatewayActivity.TraceId)
        {
            Purpose = purpose, StatusCode = statusCode, DurationMs = (long)duration.TotalMilliseconds,
            BudgetWaitMs = (long)budgetWait.TotalMilliseconds,
        };

    private IEnumerable<TimelineEntry> Events(IReadOnlyList<GatewayEvent> events) =>
        events.Select(e => Entry(TimelineEntryKind.Event) with
        {
            EventId = e.Id, EventType = e.Type, Sequence = e.Sequence,
        });

    private TimelineEntry Entry(TimelineEntryKind kind) => new(kind, time.GetUtcNow(), GatewayActivity.TraceId);

    private async Task AppendAsync(string interviewId, IReadOnlyList<TimelineEntry> entries)
    {
        try
        {
            await timeline.AppendAsync(interviewId, entries, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Log.Failed(logger, interviewId, ex.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(8100, LogLevel.Warning, "Could not add to the timeline of {InterviewId} ({Error})")]
        public static partial void Failed(ILogger logger, string interviewId, string error);
    }
}
