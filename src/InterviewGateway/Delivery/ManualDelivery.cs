using InterviewGateway.Events;

namespace InterviewGateway.Delivery;

/// Attempts an operator asks for through the API: sent now, outside max_concurrency, recorded, and
/// followed by no retry schedule.
internal sealed class ManualDelivery(
    ISubscriptionStore subscriptions,
    IEventStore events,
    IDeliveryQueue queue,
    FullPayload payloads,
    WebhookSender sender,
    AttemptLedger ledger,
    TimeProvider time)
{
    /// A manual retry of a stored event. A success also tells any pending attempt of the same event to
    /// stand aside. Null when the subscription or the event is gone.
    public async Task<DeliveryAttempt?> RetryNowAsync(string eventId, string subscriptionId, int attempt,
        CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.GetAsync(subscriptionId, cancellationToken);
        var stored = await events.GetAsync(eventId, cancellationToken);
        if (subscription is null || stored is null)
        {
            return null;
        }

        var body = await payloads.BodyForAsync(subscription, stored, cancellationToken);
        var result = await sender.SendAsync(subscription, stored.Id, stored.Type, body, attempt, cancellationToken);
        await ledger.TrackAsync(subscription, result, AttemptKind.ManualRetry, cancellationToken);
        if (result.Succeeded)
        {
            await queue.MarkDeliveredAsync(subscription.Id, stored.Id, time.GetUtcNow(), CancellationToken.None);
        }

        await ledger.RecordAsync(subscription.Id, result.Attempt, cancellationToken);
        return result.Attempt;
    }

    /// Sends a one-off body (a test sample) now, as attempt 1, and records it.
    public async Task<DeliveryAttempt> SendSampleAsync(Subscription subscription, string eventId, string eventType,
        string body, CancellationToken cancellationToken)
    {
        var result = await sender.SendAsync(subscription, eventId, eventType, body, 1, cancellationToken);
        await ledger.RecordAsync(subscription.Id, result.Attempt, cancellationToken);
        await ledger.TrackAsync(subscription, result, AttemptKind.Test, cancellationToken);
        return result.Attempt;
    }
}
