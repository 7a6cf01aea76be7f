using System.Text.Json;

namespace InterviewGateway.Contracts;

/// Realistic bodies for the OpenAPI document; typed, so they break the build when the contract changes.
internal static class OpenApiExamples
{
    private static readonly DateTimeOffset Created = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly CreateInterviewRequest CreateInterviewRequest = new(
        "hindsight",
        new ParticipantInput("Jane Smith", "jane@example.com", null, "crm_contact_991"),
        "Understand why we lost this deal to Competitor X",
        JsonSerializer.SerializeToElement(new { title = "VP of Engineering", evaluation_stage = "POC completed" }),
        JsonSerializer.SerializeToElement(new { sequence_id = "seq_abc123", deal_id = "deal_xyz789" }),
        new Dictionary<string, string> { ["crm_deal"] = "D-2291" });

    public static readonly TrackInterviewRequest TrackInterviewRequest = new(
        "hindsight", "4821", new ParticipantInput("Jane Smith", "jane@example.com", null, null),
        new Dictionary<string, string> { ["crm_deal"] = "D-2291" });

    public static readonly object PatchInterviewRequest = new
    {
        objective = "Focus on why pricing was a blocker",
        context = new { evaluation_notes = "Flagged the Jira integration" },
        context_mode = "merge",
        metadata = new Dictionary<string, string?> { ["owner"] = "sales-emea", ["stale_key"] = null },
    };

    public static readonly InterviewResponse Interview = new(
        "hindsight_4821", "hindsight", "4821", InterviewStatus.Completed, InterviewStatus.Invited, "completed",
        new ParticipantResponse("Jane Smith", "jane@example.com", null, "crm_contact_991", "contact_abc123"),
        "Understand why we lost this deal to Competitor X",
        JsonSerializer.SerializeToElement(new { title = "VP of Engineering" }),
        "https://app.usehindsight.com/survey?token=tok_xyz", false, Created, Created.AddDays(1).AddHours(5), null,
        Created.AddDays(1).AddHours(5), null, null, true, null,
        new TrackingResponse(TrackingMode.Poll, TrackingState.Stopped, Created.AddDays(1).AddHours(5), null),
        new Dictionary<string, string> { ["crm_deal"] = "D-2291" }, null);

    public static readonly ListResponse<InterviewResponse> InterviewList = new([Interview],
        "OTIyMzM3MDI3NzY5MjA3MjE4MXxoaW5kc2lnaHRfNDgyMQ");

    public static readonly TranscriptResponse Transcript = new("hindsight_4821", "en",
    [
        new TranscriptTurnResponse(Speaker.Interviewer, "Paige", "Thanks for taking the time today.", null, null),
        new TranscriptTurnResponse(Speaker.Participant, "Jane", "Happy to help. Pricing was the deciding factor.", null,
            null),
    ]);
}
