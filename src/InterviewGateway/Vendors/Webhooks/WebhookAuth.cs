namespace InterviewGateway.Vendors.Webhooks;

internal enum WebhookAuth
{
    Valid,
    Invalid,

    /// Nothing to authenticate with is configured: rejected like an invalid one (never fail open).
    NotConfigured,

    /// Authentic, but a field is outside its documented bounds (for example an over-long delivery id).
    Malformed,
}
