using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using InterviewGateway.Delivery;

namespace InterviewGateway.Sandbox;

internal sealed record ReceivedWebhook(string WebhookId, long Timestamp, bool SignatureValid, string Body);

/// A built-in subscriber for the sandbox: register `{gateway}/sandbox/webhook-receiver/{name}` as a
/// subscription URL, then GET the same path to see what arrived and whether each signature verified
/// (it checks against every subscription's secrets, as a receiver holding its secret would).
internal sealed class WebhookReceiver(ISubscriptionStore subscriptions, DeliveryService deliveries)
{
    private const int Kept = 100;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<ReceivedWebhook>> _received = new(StringComparer.Ordinal);

    public static void Map(RouteGroupBuilder sandbox)
    {
        sandbox.MapPost("/webhook-receiver/{name}", async (string name, HttpRequest request, WebhookReceiver receiver) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            var id = request.Headers["webhook-id"].ToString();
            long.TryParse(request.Headers["webhook-timestamp"].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var timestamp);
            var valid = await receiver.VerifyAsync(id, timestamp, body, request.Headers["webhook-signature"].ToString(), request.HttpContext.RequestAborted);
            // A sandbox toy, but an anonymous one: keep only the latest few deliveries per name.
            var received = receiver._received.GetOrAdd(name, _ => new());
            received.Enqueue(new ReceivedWebhook(id, timestamp, valid, body.Length > 65_536 ? body[..65_536] : body));
            while (received.Count > Kept && received.TryDequeue(out _))
            {
            }
            return valid ? Results.NoContent() : Results.Unauthorized();
        });
        sandbox.MapGet("/webhook-receiver/{name}", (string name, WebhookReceiver receiver) =>
            Results.Json(receiver._received.TryGetValue(name, out var list) ? list.ToArray() : []));
    }

    private async Task<bool> VerifyAsync(string id, long timestamp, string body, string signature, CancellationToken cancellationToken)
    {
        foreach (var subscription in await subscriptions.ListAsync(cancellationToken))
        {
            if (deliveries.ActiveSecrets(subscription).Any(secret => StandardWebhookSigner.Verify(secret, id, timestamp, body, signature)))
            {
                return true;
            }
        }

        return false;
    }
}
