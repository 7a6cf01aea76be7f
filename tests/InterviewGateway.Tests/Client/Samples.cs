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

    public static string OperationJson(string state, long enqueued) => $$"""
        {"id":"op_1","kind":"subscription.recover","state":"{{state}}","subscription_id":"sub_1",
         "since":"2026-11-01T09:00:00Z","scanned":{{enqueued * 2}},"enqueued":{{enqueued}},
         "error":{{(state == "failed" ? "\"log unreadable\"" : "null")}},
         "created_at":"2026-11-02T09:00:00Z","updated_at":"2026-11-02T09:00:01Z"}
        """;

    public const string VendorWebhookJson = """
        {"id":"vwh_1","vendor":"userjourneys","path":"/v1/vendor-webhooks/userjourneys",
         "received_at":"2026-11-02T09:00:00Z","outcome":"rejected","reason":"bad_signature","event":null,
         "vendor_interview_id":null,"body_bytes":120,"body_sha256":"ab12","trace_id":null}
        """;

    public const string TimelineEntryJson = """
        {"kind":"stored_change","at":"2026-11-02T09:00:00Z","trace_id":null,"api_key":null,"purpose":null,
         "status_code":null,"duration_ms":null,"budget_wait_ms":null,"outcome":null,"webhook_id":null,
         "from_status":"invited","to_status":"in_progress","version":2,"event_id":null,"event_type":null,
         "sequence":null,"subscription_id":null,"attempt":null,"next_attempt_at":null}
        """;

    public static string Page(string items, string? next) =>
        $$"""{"data":[{{items}}],"next_cursor":{{(next is null ? "null" : $"\"{next}\"")}}}""";
}
