namespace InterviewGateway.Vendors.Webhooks;

/// Authenticates a vendor webhook over the raw body bytes and reads what it is about. Registered as
/// a keyed service under the vendor key by vendors with webhooks.
internal interface IVendorWebhookReceiver
{
    Task<WebhookVerdict> VerifyAsync(IHeaderDictionary headers, byte[] body, CancellationToken cancellationToken);
}
