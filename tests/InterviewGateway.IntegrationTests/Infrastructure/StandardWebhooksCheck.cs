using InterviewGateway.Client.Webhooks;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// A second, independent check of a received delivery: the StandardWebhooks NuGet package's verifier, alone
/// and inside the first-party client's WebhookVerifier.
public static class StandardWebhooksCheck
{
    public static bool Verifies(string secret, ReceivedDelivery delivery)
    {
        try
        {
            new StandardWebhook(secret).Verify(delivery.Body, Headers(delivery));
            return true;
        }
        catch (WebhookVerificationException)
        {
            return false;
        }
    }

    /// The first-party client's one call: verify and read the typed event (throws when it does not verify).
    public static WebhookEvent VerifyWithClient(string secret, ReceivedDelivery delivery) =>
        new WebhookVerifier(secret).Verify(delivery.Body, Headers(delivery));

    private static HeaderDictionary Headers(ReceivedDelivery delivery) => new()
    {
        ["webhook-id"] = delivery.WebhookId,
        ["webhook-timestamp"] = delivery.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["webhook-signature"] = delivery.Signature,
    };
}
