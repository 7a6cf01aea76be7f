namespace InterviewGateway.Vendors.Webhooks;

/// Registers the gateway's webhook URL at the vendor; returns the signing secret the vendor issued, if any.
internal interface IVendorWebhookRegistrar
{
    Task<string?> RegisterAsync(Uri callbackUrl, CancellationToken cancellationToken);
}
