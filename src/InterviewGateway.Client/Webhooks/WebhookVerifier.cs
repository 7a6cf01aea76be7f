using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace InterviewGateway.Client.Webhooks;

/// <summary>
/// Verifies a delivery's Standard Webhooks signature over its raw body (and that its timestamp is within
/// 5 minutes of now, against replays) and returns the typed event. Create one per subscription secret.
/// </summary>
public sealed class WebhookVerifier
{
    private readonly StandardWebhook _webhook;

    /// <summary>Creates a verifier for one subscription.</summary>
    /// <param name="secret">The subscription's <c>whsec_</c> secret.</param>
    /// <exception cref="ArgumentException">The secret is missing or not a <c>whsec_</c> secret.</exception>
    public WebhookVerifier(string secret)
    {
        // A missing secret must reject, never verify everything.
        if (string.IsNullOrWhiteSpace(secret) || !secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            throw new ArgumentException("A subscription secret starts with whsec_.", nameof(secret));
        }

        _webhook = new StandardWebhook(secret);
    }

    /// <summary>Verifies a delivery and reads its event.</summary>
    /// <param name="body">The raw request body, exactly as received (never re-serialized).</param>
    /// <param name="headers">The request headers (webhook-id, webhook-timestamp, webhook-signature).</param>
    /// <returns>The typed event.</returns>
    /// <exception cref="WebhookVerificationException">The signature, id or timestamp does not verify:
    /// answer 401.</exception>
    public WebhookEvent Verify(string body, IHeaderDictionary headers)
    {
        _webhook.Verify(body, headers);
        var delivered = WebhookEvents.Parse(body);
        // The signature covers the header id; the body's id must be that one, or a signed body was swapped.
        return delivered.Id == headers["webhook-id"].ToString()
            ? delivered
            : throw new WebhookVerificationException("The body's id is not the webhook-id.");
    }

    /// <summary>Reads the raw body of an ASP.NET Core request, verifies it and reads its event.</summary>
    /// <param name="request">The delivery request.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The typed event.</returns>
    /// <exception cref="WebhookVerificationException">The delivery does not verify: answer 401.</exception>
    public async Task<WebhookEvent> VerifyAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return Verify(body, request.Headers);
    }
}
