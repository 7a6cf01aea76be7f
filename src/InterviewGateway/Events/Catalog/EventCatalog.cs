using InterviewGateway.Contracts;

namespace InterviewGateway.Events.Catalog;

/// The one registry of outbound event types. The OpenAPI `webhooks` section and GET /v1/event-types are
/// generated from it, and a test fails when EventTypes has a type that is not registered here.
internal static class EventCatalog
{
    private static readonly DateTimeOffset At = new(2026, 11, 3, 14, 30, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<EventTypeDefinition> All =
    [
        Interview(EventTypes.Completed, "An interview completed",
            "Sent once per interview when it reaches `completed`, however it was noticed (poll, vendor webhook, "
            + "reconciliation or refresh). `full` subscriptions also get the transcript.",
            OpenApiExamples.Interview, 3),
        Interview(EventTypes.StatusChanged, "An interview's status changed",
            "Sent on every status change, including to a final one; `previous_status` is the status before it.",
            OpenApiExamples.Interview with
            {
                Status = InterviewStatus.Processing, VendorStatus = "completed", CompletedAt = null,
                TranscriptAvailable = false,
                Tracking = OpenApiExamples.Interview.Tracking with { State = TrackingState.Active },
            }, 2),
        Interview(EventTypes.Failed, "An interview failed",
            "Sent once when the vendor reports the interview failed (final).",
            EventExamples.InstaView(InterviewStatus.Failed, "FAILED"), 2),
        Interview(EventTypes.Cancelled, "An interview was cancelled",
            "Sent once when the vendor reports the interview cancelled (final).",
            EventExamples.InstaView(InterviewStatus.Cancelled, "CANCELLED"), 2),
        Interview(EventTypes.Updated, "A completed interview got its analysis or transcript",
            "Sent when an artefact arrives after completion: the analysis, or the transcript.",
            OpenApiExamples.Interview with { Analysis = EventExamples.Analysis }, 4),
        new(EventTypes.SubscriptionDisabled, "A subscription was disabled",
            "Operational: a subscription was disabled after a 410 Gone or 5 days of failed deliveries. Goes to "
            + "every other enabled subscription that asks for it; vendor filters do not apply.",
            typeof(SubscriptionEventPayload), typeof(SubscriptionEventPayload),
            new SubscriptionEventPayload("evt_7d0e2f4a6b8c1d3e5f7a9b0c2d", EventTypes.SubscriptionDisabled, At,
                EventTypes.SchemaVersion, 1, new SubscriptionEventPayloadData(EventExamples.DisabledSubscription)),
            null),
        new(EventTypes.SubscriptionTest, "A sample from POST /v1/subscriptions/{id}/test",
            "Sent by POST /v1/subscriptions/{id}/test with event_type subscription.test: a realistic interview body "
            + "marked `data.sample: true`, with a random id, never stored or retried. A test of another event_type "
            + "carries that type instead, also with `data.sample: true`: never apply a sample to your data.",
            typeof(InterviewEventPayload), typeof(InterviewEventPayload),
            new InterviewEventPayload("evt_test_4f2a9c1e7b3d5a8c0e6f", EventTypes.SubscriptionTest, At,
                EventTypes.SchemaVersion, 1,
                new InterviewEventPayloadData(OpenApiExamples.Interview, EventDetection.Poll, true)),
            null),
    ];

    private static EventTypeDefinition Interview(
        string type, string summary, string description, InterviewResponse interview, long sequence)
    {
        var id = EventBodies.IdFor(interview.Id, type, summary);
        var full = interview.TranscriptAvailable && interview.Id == OpenApiExamples.Transcript.InterviewId
            ? OpenApiExamples.Transcript
            : null;
        return new EventTypeDefinition(type, summary, description,
            typeof(InterviewEventPayload), typeof(InterviewEventFullPayload),
            new InterviewEventPayload(id, type, At, EventTypes.SchemaVersion, sequence,
                new InterviewEventPayloadData(interview, EventDetection.Poll)),
            new InterviewEventFullPayload(id, type, At, EventTypes.SchemaVersion, sequence,
                new InterviewEventFullPayloadData(interview, EventDetection.Poll, full)));
    }
}
