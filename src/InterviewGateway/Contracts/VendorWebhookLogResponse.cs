using System.ComponentModel;

namespace InterviewGateway.Contracts;

internal sealed record VendorWebhookLogResponse(
    [property: Description("Log entry id")] string Id,
    [property: Description("The vendor; null when the path names no vendor that sends webhooks")] string? Vendor,
    [property: Description("The path the request came to (at most 80 characters)")] string Path,
    DateTimeOffset ReceivedAt,
    [property: Description("accepted, duplicate or rejected")] InboundWebhookOutcome Outcome,
    [property: Description("Why it was rejected: bad_signature, not_configured, unknown_vendor, malformed_body")]
        InboundWebhookRejection? Reason,
    [property: Description("The vendor's event name, when authenticated")] string? Event,
    [property: Description("The vendor's interview id, when authenticated")] string? VendorInterviewId,
    [property: Description("Size of the request body")] int BodyBytes,
    [property: Description("SHA-256 (hex) of a rejected body; the body itself is never stored")] string? BodySha256,
    [property: Description("W3C trace id of the request")] string? TraceId);
