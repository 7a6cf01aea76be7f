namespace InterviewGateway.Vendors.Webhooks;

internal enum WebhookAuth
{
    Valid,
    Invalid,

    /// Nothing to authenticate with is configured: rejected like an invalid one (never fail open).
    NotConfigured,
}

/// What a vendor's receiver read from one delivery. `DeliveryKey` dedupes replays; a delivery without
/// an interview (a ping) is acknowledged and dropped.
internal sealed record WebhookVerdict(WebhookAuth Auth, string? DeliveryKey = null, string? VendorInterviewId = null, string? EventName = null)
{
    public static readonly WebhookVerdict Invalid = new(WebhookAuth.Invalid);
    public static readonly WebhookVerdict NotConfigured = new(WebhookAuth.NotConfigured);
}

/// Authenticates a vendor webhook over the raw body bytes and reads what it is about. Registered as
/// a keyed service under the vendor key by vendors with webhooks.
internal interface IVendorWebhookReceiver
{
    Task<WebhookVerdict> VerifyAsync(IHeaderDictionary headers, byte[] body, CancellationToken cancellationToken);
}

/// Registers the gateway's webhook URL at the vendor; returns the signing secret the vendor issued, if any.
internal interface IVendorWebhookRegistrar
{
    Task<string?> RegisterAsync(Uri callbackUrl, CancellationToken cancellationToken);
}

/// Lists recently completed interviews at the vendor, for reconciliation of lost webhooks.
internal interface IVendorReconciler
{
    /// Vendor interview ids the vendor reports as finished (completed, failed or cancelled) recently.
    Task<IReadOnlyList<string>> ListFinishedAsync(CancellationToken cancellationToken);
}
