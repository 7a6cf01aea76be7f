using InterviewGateway.Events.Catalog;

namespace InterviewGateway.Delivery;

/// A realistic body of any event type for POST /v1/subscriptions/{id}/test, marked `data.sample: true`,
/// with a random id (never stored or retried).
internal sealed record SampleEvent(string Id, string Body)
{
    public static SampleEvent Create(Subscription subscription, string type, DateTimeOffset now)
    {
        // An operational sample describes this subscription (without its secret), as disabled.
        var subject = subscription.ToResponse() with { Enabled = false, DisabledReason = "Sample.", DisabledAt = now };
        var (id, body) = EventBodies.Sample(type, now, subject);
        return new SampleEvent(id, body);
    }
}
