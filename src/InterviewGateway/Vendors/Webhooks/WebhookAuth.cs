namespace InterviewGateway.Vendors.Webhooks;

internal enum WebhookAuth
{
    Valid,
    Invalid,

    /// Nothing to authenticate with is configured: rejected like an invalid one (never fail open).
    NotConfigured,
}
