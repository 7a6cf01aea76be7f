using System.Text.Json;
using Hangfire;
using InterviewGateway.Api.Contracts;
using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
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
    ISubscriptionStore subscriptions,
    IKeyValueStore marks,
    RedisKeys keys,
    IBackgroundJobClient jobs,
    GatewayMetrics metrics,
    TimeProvider time,
    IOptions<EventOptions> options,
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

    /// One delivery job per matching subscription that existed when the event was stored; the mark is
    /// claimed first, and released if the job could not be enqueued, so a later pass retries it.
    public async Task FanOutAsync(GatewayEvent stored, CancellationToken cancellationToken)
    {
        foreach (var subscription in await subscriptions.ListAsync(cancellationToken))
        {
            if (!subscription.Enabled || !subscription.WantsStored(stored))
            {
                continue;
            }

            await TryFanOutAsync(stored, subscription.Id, cancellationToken);
        }
    }

    /// `Events:FanOutClaim`: how long a fan-out claim whose process died blocks that delivery.
    internal TimeSpan ClaimLifetime => options.Value.FanOutClaim;

    /// Enqueues the first attempt of one event to one subscription unless it ever was (the mark).
    public async Task<bool> TryFanOutAsync(GatewayEvent stored, string subscriptionId, CancellationToken cancellationToken)
    {
        var mark = keys.Delivery(subscriptionId, stored.Id);
        // Claimed briefly, made permanent once the job is enqueued: if this process dies in between,
        // the claim lapses and the sweep enqueues it.
        if (!await marks.SetIfAbsentAsync(mark, "enqueueing", ClaimLifetime, cancellationToken))
        {
            return false;
        }

        try
        {
            jobs.Enqueue<DeliveryJob>(job => job.RunAsync(stored.Id, subscriptionId, 1, CancellationToken.None));
            await marks.SetAsync(mark, "enqueued", IEventStore.Retention, CancellationToken.None);
            return true;
        }
        catch
        {
            await marks.DeleteAsync(mark, CancellationToken.None);
            throw;
        }
    }

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
/// between): outbox entries older than `Events:OutboxGrace` are relayed, oldest recorded first. The
/// sweep keeps an entry until it is older than a fan-out claim's lifetime: a process that died holding
/// a claim leaves it to lapse, and only a relay after that can enqueue what the claim held back.
internal sealed class FanOutSweepJob(IEventStore events, EventPublisher publisher, TimeProvider time,
    IOptions<EventOptions>? options = null)
{
    private const int Batch = 1000;


    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var grace = options?.Value.OutboxGrace ?? new EventOptions().OutboxGrace;
        foreach (var stored in await events.ReadOutboxAsync(now - grace, Batch, cancellationToken))
        {
            await publisher.FanOutAsync(stored, cancellationToken);
            // Twice the claim lifetime: a claim taken by a relay just before has lapsed by then.
            if (stored.StoredAt <= now - (2 * publisher.ClaimLifetime))
            {
                await events.AcknowledgeAsync(stored.Id, cancellationToken);
            }
        }
    }
}
