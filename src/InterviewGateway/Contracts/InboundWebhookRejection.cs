namespace InterviewGateway.Contracts;

/// Why an inbound vendor webhook was rejected. A malformed body is authenticated but unreadable: the
/// vendor gets 202 (retrying cannot fix it) and the log keeps it as rejected.
internal enum InboundWebhookRejection
{
    BadSignature,
    NotConfigured,
    UnknownVendor,
    MalformedBody,
}
