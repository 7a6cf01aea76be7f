using System.Text.Json;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Vendors.UserJourneys;

/// `X-Webhook-Signature` = HMAC-SHA256 of the raw body; encoding, prefix and key form are undocumented
/// (README section 5), so hex and base64, an optional `sha256=` and both key forms are accepted.
internal sealed class UserJourneysWebhookReceiver(VendorSecrets secrets, IOptionsMonitor<UserJourneysOptions> options)
    : IVendorWebhookReceiver
{
    public const string SignatureHeader = "X-Webhook-Signature";
    public const string EventHeader = "X-Webhook-Event";
    private const string SecretPrefix = "whsec_";

    public async Task<WebhookVerdict> VerifyAsync(
        IHeaderDictionary headers, byte[] body, CancellationToken cancellationToken) =>
        Verify(await secrets.GetAsync(
            UserJourneysVendor.VendorKey, options.CurrentValue.WebhookSecret, cancellationToken), headers, body);

    public static WebhookVerdict Verify(string? secret, IHeaderDictionary headers, byte[] body)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return WebhookVerdict.NotConfigured;
        }

        var signature = headers[SignatureHeader].ToString();
        var valid = WebhookSignatures.VerifyHmacSha256(secret, body, signature)
            || (secret.StartsWith(SecretPrefix, StringComparison.Ordinal)
                && WebhookSignatures.VerifyHmacSha256(secret[SecretPrefix.Length..], body, signature));
        if (!valid)
        {
            return WebhookVerdict.Invalid;
        }

        var payload = ReadPayload(body);
        var eventName = payload?.Event ?? (headers[EventHeader].ToString() is { Length: > 0 } header ? header : null);
        if (payload is not ({ } interviewId, var signedEvent))
        {
            return new WebhookVerdict(WebhookAuth.Valid, EventName: eventName, Malformed: payload is null);
        }

        // No delivery id exists: the interview and the event the body names are its identity. Only signed
        // content counts: the unsigned event header would let a changed header replay past dedupe.
        return new WebhookVerdict(WebhookAuth.Valid, $"{interviewId}:{signedEvent}", interviewId, eventName);
    }

    /// Null when the body is signed but unreadable (acknowledged and dropped).
    private static (string? InterviewId, string? Event)? ReadPayload(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object ? (Text(root, "interview_id"), Text(root, "event")) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } s ? s : null;
}
