using System.Diagnostics;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Timeline;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Delivery;

/// Sends one queued attempt of an event to a subscription, records it, and schedules the next one by
/// our own retry policy. Subscriber failures are expected and recorded, not thrown; only our own failures
/// (Redis down) throw, and the message stays taken, so it is claimed again and retried.
internal sealed class DeliveryService(
    IEventStore events,
    IDeliveryQueue queue,
    HeldDeliveries held,
    FullPayload payloads,
    WebhookSender sender,
    AttemptLedger ledger,
    TimelineRecorder timeline,
    IOptionsMonitor<DeliveryOptions> options,
    ISharedClock clock,
    TimeProvider time)
{
    /// Each attempt's retry jitter (RetryJitter); the deterministic simulation (tests/InterviewGateway.Simulation)
    /// keys it by its actors instead, its vendors' interview ids being random.
    internal Func<GatewayEvent, Subscription, int, double> Jitter { get; set; } =
        (stored, subscription, attempt) => RetryJitter.For(stored.Id, subscription.Id, attempt);

    /// One queued attempt, taken by this instance's dispatcher within the subscription's slots. Only the
    /// message carrying the current attempt sends; a stale copy (recovered again, claimed after a crash
    /// that happened after the attempt was recorded) is acknowledged and dropped.
    public async Task ProcessAsync(DeliveryMessage message, Subscription subscription,
        CancellationToken cancellationToken)
    {
        var storedTask = events.GetAsync(message.EventId, cancellationToken);
        var stateTask = queue.GetStateAsync(subscription.Id, message.EventId, cancellationToken);
        var (stored, state) = (await storedTask, await stateTask);
        var overtaken = state is { } current
            && (current.Kind != DeliveryStateKind.Queued || current.Attempt != message.Attempt);
        if (stored is null || overtaken)
        {
            await queue.CompleteAsync(message, null, cancellationToken); // expired, delivered, or overtaken
            return;
        }

        if (!subscription.Enabled)
        {
            // Nothing is sent while disabled; re-enabling resumes this attempt.
            await held.HoldAsync(subscription.Id, message.EventId, message.Attempt, cancellationToken);
            await queue.CompleteAsync(message, null, cancellationToken);
            return;
        }

        // Every attempt, retries hours later included, is a span in the trace that found the event.
        using var activity = GatewayActivity.StartFrom("delivery.attempt", stored.TraceParent, ActivityKind.Producer);
        activity?.SetTag("subscription.id", subscription.Id);
        activity?.SetTag("delivery.attempt", message.Attempt);
        var body = await payloads.BodyForAsync(subscription, stored, cancellationToken);
        var result = await sender.SendAsync(subscription, stored.Id, stored.Type, body, message.Attempt,
            cancellationToken);
        if (result.Succeeded)
        {
            // Nothing below depends on another's answer: one round trip for the failure streak's end, the state,
            // the attempt log line and the timeline (issue 20: they were three, one after another).
            var (delivered, done) = Decide(message, stored, subscription, result, time.GetUtcNow());
            await Task.WhenAll(ledger.TrackAsync(subscription, result, AttemptKind.Scheduled, cancellationToken),
                queue.CompleteAsync(message, done, cancellationToken),
                ledger.RecordAsync(subscription.Id, delivered, cancellationToken),
                TimelineAsync(stored, subscription, delivered));
            return;
        }

        // A failure may disable the subscription first; its retry's due time is compared by whichever instance
        // promotes it, so it is stamped on the shared clock (issue 17: on this instance's, a clock behind by
        // more than the step retried at once, ignoring a subscriber's Retry-After).
        await ledger.TrackAsync(subscription, result, AttemptKind.Scheduled, cancellationToken);
        var (recorded, outcome) = Decide(message, stored, subscription, result,
            await clock.GetUtcNowAsync(cancellationToken));
        // One round trip: the state (with the retry) and the attempt log line.
        await Task.WhenAll(queue.CompleteAsync(message, outcome, cancellationToken),
            ledger.RecordAsync(subscription.Id, recorded, cancellationToken));
        await TimelineAsync(stored, subscription, recorded);
    }

    private (DeliveryAttempt Recorded, DeliveryState Outcome) Decide(DeliveryMessage message, GatewayEvent stored,
        Subscription subscription, SendResult result, DateTimeOffset now) =>
        AttemptOutcome.Decide(message.Attempt, result, options.CurrentValue.Schedule,
            Jitter(stored, subscription, message.Attempt), now);

    private Task TimelineAsync(GatewayEvent stored, Subscription subscription, DeliveryAttempt recorded) =>
        timeline.DeliveryAttemptAsync(stored.InterviewId, subscription.Id, stored.Id, recorded.Attempt,
            recorded.StatusCode, recorded.DurationMs, recorded.NextAttemptAt);

    /// Queues `attempt` of an event now (resuming a held attempt).
    public Task EnqueueAsync(string eventId, string subscriptionId, int attempt,
        CancellationToken cancellationToken) =>
        queue.EnqueueAsync(subscriptionId, eventId, attempt, cancellationToken);
}
