using System.Text.Json;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Vendors.InstaView;

/// `POST /webhooks` with the dotted event names (section 5: register dotted, accept all forms) and the
/// gateway token as a custom header. InstaView returns the signing secret once.
internal sealed class InstaViewWebhookRegistrar(
    IInstaViewApi api, IOptionsMonitor<InstaViewOptions> options, VendorCatalog catalog, TimeProvider time)
    : IVendorWebhookRegistrar
{
    public async Task<string?> RegisterAsync(Uri callbackUrl, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var sandboxToken = catalog.SandboxWebhookSecret(InstaViewVendor.VendorKey);
        var token = InstaViewWebhookReceiver.ExpectedToken(settings, sandboxToken)
            ?? throw ProblemException.Unsupported(
                "set Vendors:InstaView:WebhookToken first: InstaView deliveries are authenticated by that header.");
        var company = settings.CompanyId is { Length: > 0 } id ? id : null;
        // Without companyId the webhook is global and receives every company's events (guides/webhooks).
        // `ping` is not subscribed: POST /webhooks/{id}/test sends it on demand.
        var request = new InstaViewWebhookRequest(
            callbackUrl.ToString(), [.. InstaViewWebhookReceiver.Events.Where(e => e != "ping")],
                [new InstaViewHeader(InstaViewWebhookReceiver.TokenHeader, token)], company);
        var reply = await VendorErrors.CallAsync(
            InstaViewVendor.VendorKey, "(webhook)", () => api.CreateWebhookAsync(request, company, cancellationToken),
            time);
        var data = InstaViewEnvelope.Unwrap(reply);
        return data.ValueKind == JsonValueKind.Object && data.TryGetProperty("signingSecret", out var secret)
            && secret.ValueKind == JsonValueKind.String
            ? secret.GetString()
            : null;
    }
}
