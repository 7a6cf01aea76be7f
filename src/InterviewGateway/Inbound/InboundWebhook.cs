using System.Diagnostics;
using System.Security.Cryptography;
using InterviewGateway.Contracts;

namespace InterviewGateway.Inbound;

/// One inbound vendor webhook request as the log keeps it: what it was about when it authenticated, a
/// hash and the size of the body when it did not, never the body. Strings are capped, so an entry stays
/// under about 1 KB whatever a caller sends.
internal sealed record InboundWebhook(
    string Id, string? Vendor, string Path, DateTimeOffset ReceivedAt, InboundWebhookOutcome Outcome,
    InboundWebhookRejection? Reason, string? Event, string? VendorInterviewId, int BodyBytes, string? BodySha256,
    string? TraceId)
{
    /// The entry for a request to `/v1/vendor-webhooks/{vendor}`; the store assigns `Id` and `ReceivedAt`
    /// (its own clock). An unknown vendor is kept only as part of the (capped) path.
    public static InboundWebhook Of(string vendor, byte[] body, InboundWebhookOutcome outcome,
        InboundWebhookRejection? reason = null, string? eventName = null, string? vendorInterviewId = null) =>
        new("", reason == InboundWebhookRejection.UnknownVendor ? null : vendor,
            Cap("/v1/vendor-webhooks/" + vendor, 80), default, outcome, reason,
            eventName is null ? null : Cap(eventName, 64),
            vendorInterviewId is null ? null : Cap(vendorInterviewId, 128), body.Length,
            outcome == InboundWebhookOutcome.Rejected ? Convert.ToHexStringLower(SHA256.HashData(body)) : null,
            Activity.Current?.TraceId.ToHexString());

    public VendorWebhookLogResponse ToResponse() =>
        new(Id, Vendor, Path, ReceivedAt, Outcome, Reason, Event, VendorInterviewId, BodyBytes, BodySha256, TraceId);

    private static string Cap(string value, int max) => value.Length <= max ? value : value[..max];
}
