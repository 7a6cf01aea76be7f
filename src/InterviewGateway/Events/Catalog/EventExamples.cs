using System.Text.Json;
using InterviewGateway.Contracts;

namespace InterviewGateway.Events.Catalog;

/// Sample values the event catalog's examples are built from (typed, so a contract change breaks the build).
internal static class EventExamples
{
    private static readonly DateTimeOffset Created = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly JsonElement Analysis = JsonSerializer.SerializeToElement(new
    {
        headline = "Lost on price, not on product",
        quality_score = 0.86,
        question_answers = new[] { new { question = "Why did you choose another vendor?", answer = "Pricing." } },
    });

    public static readonly SubscriptionResponse DisabledSubscription = new("sub_19a4b2c3d4e1a2b3c4d5e6",
        "https://hooks.example.com/interviews", ["interview.completed"], null, PayloadMode.Thin, "CRM sync", 10, false,
        "Every delivery attempt failed for 5 days (last: HTTP 503).", Created.AddDays(6), Created, Created.AddDays(6));

    public static InterviewResponse InstaView(InterviewStatus status, string vendorStatus) => new(
        "instaview_9820ab37-3886-45a2-aa06-625afb64018f", "instaview", "9820ab37-3886-45a2-aa06-625afb64018f", status,
        InterviewStatus.Scheduled, vendorStatus,
        new ParticipantResponse("Sam Lee", "sam@example.com", null, null, "c4d5e6f7-1111-2222-3333-444455556666"),
        null, null, null, false, Created, Created.AddHours(2), Created.AddHours(1), null, null, null, false, null,
        new TrackingResponse(TrackingMode.Webhook, TrackingState.Stopped, Created.AddHours(2), null),
        new Dictionary<string, string> { ["requisition"] = "R-118" }, null);
}
