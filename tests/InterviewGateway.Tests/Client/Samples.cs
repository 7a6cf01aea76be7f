namespace InterviewGateway.Tests.Client;

internal static class Samples
{
    public const string InterviewJson = """
        {"id":"sandbox_1","vendor":"sandbox","vendor_interview_id":"1","status":"in_progress",
         "previous_status":"invited","vendor_status":"started","participant":{"name":null,"email":"a@b.example",
         "phone":null,"external_id":null,"vendor_participant_id":null},"objective":null,"context":null,
         "interview_url":null,"is_test":true,"created_at":"2026-11-02T09:00:00Z","updated_at":"2026-11-02T09:00:00Z",
         "started_at":null,"completed_at":null,"duration_seconds":null,"summary":null,"transcript_available":false,
         "analysis":null,"tracking":{"mode":"poll","state":"active","last_checked_at":null,"next_check_at":null},
         "metadata":{"crm":"D-1"}}
        """;

    public static string Page(string items, string? next) =>
        $$"""{"data":[{{items}}],"next_cursor":{{(next is null ? "null" : $"\"{next}\"")}}}""";
}
