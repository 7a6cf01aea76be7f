using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.Vendors.UserJourneys;

/// `PUT /v1/webhooks` replaces the project's one webhook; the signing secret is returned only on creation.
internal sealed class UserJourneysWebhookRegistrar(IUserJourneysApi api, TimeProvider time) : IVendorWebhookRegistrar
{
    public static readonly string[] Events = ["interview.completed"];

    public async Task<string?> RegisterAsync(Uri callbackUrl, CancellationToken cancellationToken)
    {
        var request = new UserJourneysWebhookRequest(callbackUrl.ToString(), Events);
        var webhook = await VendorErrors.CallAsync(
            UserJourneysVendor.VendorKey, "(webhook)", () => api.PutWebhookAsync(request, cancellationToken), time);
        return string.IsNullOrWhiteSpace(webhook.SigningSecret) ? null : webhook.SigningSecret;
    }
}
