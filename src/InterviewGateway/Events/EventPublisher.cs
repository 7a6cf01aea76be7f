using System.Text.Json;
using Hangfire;
using InterviewGateway.Api.Contracts;
using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Interviews;

namespace InterviewGateway.Events;

internal sealed record EventData(InterviewResponse Interview, DetectedBy DetectedBy);

internal sealed record SubscriptionEventData(SubscriptionResponse Subscription);

internal sealed record SubscriptionEventBody(string Id, string Type, DateTimeOffset Timestamp, string SchemaVersion, long Sequence, SubscriptionEventData Data);

internal sealed record EventBody(string Id, string Type, DateTimeOffset Timestamp, string SchemaVersion, long Sequence, EventData Data);

/// Turns stored interview changes into events: first writer wins on the derived id, and fan-out is
/// idempotent per (event, subscription), so a repeated detection, a retry or the sweep never enqueues
/// a delivery twice, and one that was cut off half-way is completed.
internal sealed partial class EventPublisher(
    IEventStore events,
    SubscriptionSnapshot snapshot,
    IDeliveryQueue deliveries,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<EventPublisher> logger) : IInterviewChangeSink
{
    public Task OnTrackedAsync(Interview interview, DetectedBy detectedBy, CancellationToken cancellationToken) =>
        // Tracking an interview that already finished still tells subscribers it finished.
        interview.Status.IsTerminal()
            ? OnChangedAsync(interview with { Status = InterviewStatus.Unknown }, interview, detectedBy, cancellationToken)
            : Task.CompletedTask;

    public async Task OnChangedAsync(Interview before, Interview after, DetectedBy detectedBy, CancellationToken cancellationToken)
    {
        foreach (var detected in CompletionDetector.Detect(before, after))
        {
            var id = detected.IdFor(after.Id);
            var stored = await events.GetAsync(id, cancellationToken);
            if (stored is null)
            {
                var sequence = await events.NextSequenceAsync(after.Id, cancellationToken);
                var body = new EventBody(id, detected.Type, detected.Timestamp, EventTypes.SchemaVersion, sequence, new EventData(after.ToResponse(), Wire(detectedBy)));
                var candidate = new GatewayEvent(id, detected.Type, after.Id, after.Vendor, detected.Timestamp, sequence, JsonSerializer.Serialize(body, GatewayJson.Api))
                {
                    StoredAt = time.GetUtcNow(),
                };
                if (await events.TryAppendAsync(candidate, cancellationToken))
                {
                    Log.Published(logger, id, detected.Type, after.Id, JsonNamingPolicy.SnakeCaseLower.ConvertName(detectedBy.ToString()));
                    metrics.EventPublished(detected.Type);
                }

                stored = await events.GetAsync(id, cancellationToken) ?? candidate;
            }

            await FanOutAsync(stored, cancellationToken);
        }
    }

    public Task OnUntrackedAsync(Interview interview, CancellationToken cancellationToken) => Task.CompletedTask;

    /// The operational `subscription.disabled` event, sent to the other subscriptions that ask for it.
    /// It names no interview or vendor, so vendor filters do not apply; the data never holds secrets.
    public async Task PublishSubscriptionDisabledAsync(Subscription disabled, CancellationToken cancellationToken)
    {
        var at = disabled.DisabledAt ?? time.GetUtcNow();
        var id = new DetectedEvent(EventTypes.SubscriptionDisabled, at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), at).IdFor(disabled.Id);
        var body = new SubscriptionEventBody(id, EventTypes.SubscriptionDisabled, at, EventTypes.SchemaVersion, 1, new SubscriptionEventData(disabled.ToResponse()));
        var candidate = new GatewayEvent(id, EventTypes.SubscriptionDisabled, "", "", at, 1, JsonSerializer.Serialize(body, GatewayJson.Api)) { StoredAt = time.GetUtcNow() };
        if (await events.TryAppendAsync(candidate, cancellationToken))
        {
            metrics.EventPublished(EventTypes.SubscriptionDisabled);
        }

        await FanOutAsync(await events.GetAsync(id, cancellationToken) ?? candidate, cancellationToken);
    }

    /// Queues the first attempt to every matching subscription that existed when the event was stored.
    /// The subscriptions come from the dispatcher's snapshot (at most a second old, refreshed at once after
    /// a change on this instance); one created elsewhere within that second is caught by the minutely sweep.
    public async Task FanOutAsync(GatewayEvent stored, CancellationToken cancellationToken)
    {
        foreach (var subscription in (await snapshot.GetAsync(cancellationToken)).Values)
        {
            if (!subscription.Enabled || !subscription.WantsStored(stored))
            {
                continue;
            }

            await TryFanOutAsync(stored, subscription.Id, cancellationToken);
        }
    }

    /// Queues the first attempt of one event to one subscription unless it ever was: the delivery state
    /// and the queue entry are written by one script, so a repeat (the sweep, a second detection) is a no-op.
    public Task<bool> TryFanOutAsync(GatewayEvent stored, string subscriptionId, CancellationToken cancellationToken) =>
        deliveries.TryEnqueueFirstAsync(subscriptionId, stored.Id, cancellationToken);

    /// The contract's detected_by values: a create or a track that finds a finished interview is a refresh.
    private static DetectedBy Wire(DetectedBy detectedBy) => detectedBy is DetectedBy.Create or DetectedBy.Track ? DetectedBy.Refresh : detectedBy;

    private static partial class Log
    {
        [LoggerMessage(3000, LogLevel.Information, "Event {EventId} ({EventType}) for interview {InterviewId}, detected by {DetectedBy}")]
        public static partial void Published(ILogger logger, string eventId, string eventType, string interviewId, string detectedBy);
    }
}

/// Closes the gap between storing an event and enqueueing its deliveries (a process that died in
/// between): every minute, the last hour's events are fanned out again; the marks make it a no-op
/// for everything already enqueued.
internal sealed class FanOutSweepJob(IEventStore events, EventPublisher publisher, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (recent, _) = await events.ListAsync(new EventQuery(1000, null, null, null), now, cancellationToken);
        foreach (var stored in recent.Where(e => e.StoredAt > now - Window && e.StoredAt < now - Grace))
        {
            await publisher.FanOutAsync(stored, cancellationToken);
        }
    }
}

internal sealed class FanOutSweepSchedule(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<FanOutSweepJob>("fanout-sweep", job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
