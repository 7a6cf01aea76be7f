using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Events.Catalog;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Tests.Architecture;

namespace InterviewGateway.Tests.Events;

/// Issue 20: Events owns the envelope and the catalog, so a new event type is its name and registration
/// in Events (plus where its fact arises) and this test class covers it without another edit.
public sealed class EventBodiesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 3, 14, 30, 0, TimeSpan.Zero);

    public static TheoryData<string> Types => [.. EventTypes.All];

    [Fact]
    public void Every_event_type_is_registered_in_the_catalog_once()
    {
        Assert.Equal(EventTypes.All.Order(), EventCatalog.All.Select(d => d.Type).Order());
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void A_sample_of_each_type_is_the_catalog_payload_of_that_type(string type)
    {
        var definition = EventCatalog.All.Single(d => d.Type == type);

        var (id, body) = EventBodies.Sample(type, At, EventExamples.DisabledSubscription);

        // Strict parsing (unknown members throw) into the documented record: the body is that shape.
        var parsed = (EventEnvelope)JsonSerializer.Deserialize(body, definition.Payload, GatewayJson.Api)!;
        Assert.Equal((id, type, EventTypes.SchemaVersion), (parsed.Id, parsed.Type, parsed.SchemaVersion));
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("sample").GetBoolean());
    }

    [Fact]
    public void An_interview_event_names_its_interview_and_vendor_and_its_id_is_the_fact()
    {
        var interview = OpenApiExamples.Interview;

        var first = EventBodies.Interview(EventTypes.Completed, "completed", At, 3, interview,
            EventDetection.VendorWebhook, At.AddSeconds(1), null);
        var again = EventBodies.Interview(EventTypes.Completed, "completed", At.AddHours(1), 4, interview,
            EventDetection.Poll, At.AddHours(1), null);

        Assert.False(first.IsOperational);
        Assert.Equal((interview.Id, interview.Vendor, 3L), (first.InterviewId, first.Vendor, first.Sequence));
        Assert.Equal(first.Id, again.Id);
        var parsed = JsonSerializer.Deserialize<InterviewEventPayload>(first.Body, GatewayJson.Api)!;
        Assert.Equal((first.Id, EventDetection.VendorWebhook), (parsed.Id, parsed.Data.DetectedBy));
    }

    [Fact]
    public void A_subscription_event_is_operational_with_sequence_one()
    {
        var subscription = EventExamples.DisabledSubscription;

        var stored = EventBodies.Subscription(EventTypes.SubscriptionDisabled, "1", At, subscription, At);

        Assert.True(stored.IsOperational);
        Assert.Equal(1, stored.Sequence);
        Assert.Equal(EventBodies.IdFor(subscription.Id, EventTypes.SubscriptionDisabled, "1"), stored.Id);
        var parsed = JsonSerializer.Deserialize<SubscriptionEventPayload>(stored.Body, GatewayJson.Api)!;
        Assert.Equal(subscription.Id, parsed.Data.Subscription.Id);
    }

    [Fact]
    public void Only_Events_builds_a_stored_event()
    {
        // The envelope in one room: a folder that built GatewayEvent itself would grow its own body shape.
        var outside = SourceTree.Files
            .Where(f => SourceTree.FolderOf(f) != "Events" && SourceTree.Read(f).Contains("new GatewayEvent("))
            .ToList();

        Assert.Empty(outside);
    }
}
