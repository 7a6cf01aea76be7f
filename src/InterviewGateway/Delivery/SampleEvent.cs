using System.Security.Cryptography;
using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Json;

namespace InterviewGateway.Delivery;

/// A realistic body of any event type for POST /v1/subscriptions/{id}/test, marked `data.sample: true`,
/// with a random id (never stored or retried).
internal sealed record SampleEvent(string Id, string Body)
{
    public static SampleEvent Create(Subscription subscription, string type, DateTimeOffset now)
    {
        var eventId = "evt_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        var body = JsonSerializer.Serialize(new
        {
            id = eventId,
            type,
            timestamp = now,
            schema_version = EventTypes.SchemaVersion,
            sequence = 1,
            // An operational sample describes a subscription (this one, without its secret), not an interview.
            data = type == EventTypes.SubscriptionDisabled
                ? (object)new
                {
                    subscription = subscription.ToResponse() with
                    {
                        Enabled = false, DisabledReason = "Sample.", DisabledAt = now,
                    },
                    sample = true,
                }
                : new { interview = OpenApiExamples.Interview, detected_by = "poll", sample = true },
        }, GatewayJson.Api);
        return new SampleEvent(eventId, body);
    }
}
