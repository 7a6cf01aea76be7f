using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Events.Catalog;

/// Builds every body subscribers receive from the records the catalog documents, so what is sent is what
/// the OpenAPI `webhooks` section and GET /v1/event-types show. Ids are derived from the fact announced.
internal static class EventBodies
{
    /// A hash of (subject, type, fact): the same fact found twice has the same id, so it is stored once. The
    /// id's first four hex digits are the subject's RoutingCode, so stores can keep the event beside its subject.
    public static string IdFor(string subjectId, string type, string fact)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{subjectId}|{type}|{fact}"));
        return "evt_" + RoutingCode.Hex(subjectId) + Convert.ToHexStringLower(hash)[..22];
    }

    /// An interview event; `sequence` is the version the change is stored with.
    public static GatewayEvent Interview(string type, string fact, DateTimeOffset timestamp, long sequence,
        InterviewResponse interview, EventDetection detectedBy, DateTimeOffset storedAt, string? traceParent)
    {
        var id = IdFor(interview.Id, type, fact);
        var body = new InterviewEventPayload(id, type, timestamp, EventTypes.SchemaVersion, sequence,
            new InterviewEventPayloadData(interview, detectedBy));
        return new GatewayEvent(id, type, interview.Id, interview.Vendor, timestamp, sequence, Serialize(body))
        {
            StoredAt = storedAt, TraceParent = traceParent,
        };
    }

    /// An operational event about a subscription: it names no interview and no vendor
    /// (GatewayEvent.IsOperational), so vendor filters do not apply; its sequence is always 1.
    public static GatewayEvent Subscription(string type, string fact, DateTimeOffset timestamp,
        SubscriptionResponse subscription, DateTimeOffset storedAt)
    {
        var id = IdFor(subscription.Id, type, fact);
        var body = new SubscriptionEventPayload(id, type, timestamp, EventTypes.SchemaVersion, 1,
            new SubscriptionEventPayloadData(subscription));
        return new GatewayEvent(id, type, GatewayEvent.NoInterview, GatewayEvent.NoInterview, timestamp, 1,
            Serialize(body))
        {
            StoredAt = storedAt,
        };
    }

    /// A realistic body of `type` marked `data.sample: true`, with a random id (never stored or retried):
    /// an operational type describes `subscription`, any other the example interview.
    public static (string Id, string Body) Sample(string type, DateTimeOffset now, SubscriptionResponse subscription)
    {
        var id = "evt_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        var operational = EventCatalog.All.Any(d => d.Type == type && d.Payload == typeof(SubscriptionEventPayload));
        EventEnvelope body = operational
            ? new SubscriptionEventPayload(id, type, now, EventTypes.SchemaVersion, 1,
                new SubscriptionEventPayloadData(subscription, Sample: true))
            : new InterviewEventPayload(id, type, now, EventTypes.SchemaVersion, 1,
                new InterviewEventPayloadData(OpenApiExamples.Interview, EventDetection.Poll, Sample: true));
        return (id, Serialize(body));
    }

    private static string Serialize(EventEnvelope body) =>
        JsonSerializer.Serialize(body, body.GetType(), GatewayJson.Api);
}
