using System.Text.Json;
using Hangfire;
using InterviewGateway.Contracts;
using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Interviews;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Events;

internal sealed record EventData(InterviewResponse Interview, DetectedBy DetectedBy);

internal sealed record SubscriptionEventData(SubscriptionResponse Subscription);

internal sealed record SubscriptionEventBody(string Id, string Type, DateTimeOffset Timestamp, string SchemaVersion, long Sequence, SubscriptionEventData Data);

internal sealed record EventBody(string Id, string Type, DateTimeOffset Timestamp, string SchemaVersion, long Sequence, EventData Data);

/// Relays committed events to subscriptions: fan-out is idempotent per (event, subscription), so a
/// repeated relay, a retry or the outbox sweep never enqueues a delivery twice, and one that was cut
/// off half-way is completed. An event leaves the outbox only once it was fanned out.
internal sealed partial class EventPublisher(
    IEventStore events,
    SubscriptionSnapshot snapshot,
    IDeliveryQueue deliveries,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<EventPublisher> logger) : IEventRelay
{
    public async Task RelayAsync(IReadOnlyList<GatewayEvent> committed, CancellationToken cancellationToken)
    {
        foreach (var stored in committed)
        {
            Log.Published(logger, stored.Id, stored.Type, stored.InterviewId);
            metrics.EventPublished(stored.Type);
            try
            {
                await RelayOneAsync(stored, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Stored and in the outbox: the sweep fans it out.
                var cause = ex.GetBaseException();
                Log.RelayDeferred(logger, stored.Id, $"{ex.GetType().Name}: {cause.GetType().Name}: {cause.Message}");
            }
        }
    }

    /// Fans one stored event out and takes it out of the outbox.
    public async Task RelayOneAsync(GatewayEvent stored, CancellationToken cancellationToken)
    {
        await FanOutAsync(stored, cancellationToken);
        await events.AcknowledgeAsync(stored.Id, cancellationToken);
    }

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

        await RelayOneAsync(await events.GetAsync(id, cancellationToken) ?? candidate, cancellationToken);
    }

    /// Queues the first attempt to every matching subscription that existed when the event was stored,
    /// on whichever instance it was created: the snapshot is checked against the store's change counter
    /// (read after the commit), because the entry leaves the outbox after this and nothing looks again.
    public async Task FanOutAsync(GatewayEvent stored, CancellationToken cancellationToken)
    {
        foreach (var subscription in (await snapshot.GetCurrentAsync(cancellationToken)).Values)
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

    private static partial class Log
    {
        [LoggerMessage(3000, LogLevel.Information, "Event {EventId} ({EventType}) for interview {InterviewId}")]
        public static partial void Published(ILogger logger, string eventId, string eventType, string interviewId);

        [LoggerMessage(3001, LogLevel.Warning,
            "Event {EventId} is stored but its fan-out failed ({Error}); the outbox sweep retries it")]
        public static partial void RelayDeferred(ILogger logger, string eventId, string error);
    }
}

/// Closes the gap between committing an event and fanning it out (a process that died or failed in
/// between): outbox entries older than `Events:OutboxGrace` are relayed, oldest recorded first. Fan-out
/// writes each (event, subscription) delivery state and its queue entry in one script, so relaying an
/// entry twice (the committing process and the sweep) queues nothing twice, and the entry can leave the
/// outbox as soon as one relay went through.
internal sealed class FanOutSweepJob(IEventStore events, EventPublisher publisher, TimeProvider time,
    IOptions<EventOptions>? options = null)
{
    private const int Batch = 1000;

    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var grace = options?.Value.OutboxGrace ?? new EventOptions().OutboxGrace;
        foreach (var stored in await events.ReadOutboxAsync(time.GetUtcNow() - grace, Batch, cancellationToken))
        {
            await publisher.RelayOneAsync(stored, cancellationToken);
        }
    }
}
