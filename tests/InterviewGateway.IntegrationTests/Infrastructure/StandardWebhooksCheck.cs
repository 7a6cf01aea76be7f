using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// A second, independent check of a received delivery: the StandardWebhooks NuGet package's verifier.
public static class StandardWebhooksCheck
{
    public static bool Verifies(string secret, ReceivedDelivery delivery)
    {
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = delivery.WebhookId,
            ["webhook-timestamp"] = delivery.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = delivery.Signature,
        };
        try
        {
            new StandardWebhook(secret).Verify(delivery.Body, headers);
            return true;
        }
        catch (WebhookVerificationException)
        {
            return false;
        }
    }
}
