using System.Globalization;
using System.Text;
using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Auth;

namespace InterviewGateway.Sandbox;

/// A built-in subscriber for the sandbox: a test receiver of the gateway's own deliveries (not a vendor's
/// webhooks). Register `{gateway}/sandbox/webhook-receiver/{name}` as a subscription URL, then GET the
/// same path (with a gateway key that reads interviews) to see what arrived. A POST is kept only when its
/// Standard Webhooks signature verifies against a subscription's secret (as a receiver holding its secret
/// would) within 5 minutes of its timestamp; anything else is a 401 and forgotten. What is kept is bounded:
/// names, deliveries per name and bytes.
internal sealed class SandboxSubscriber(
    ISubscriptionStore subscriptions, SubscriptionSecrets secrets, TimeProvider time)
{
    public const int MaxNames = 20;
    public const int KeptPerName = 100;
    public const long MaxBytes = 4 * 1024 * 1024;
    public const int MaxBodyBytes = 65_536;

    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly ReceivedWebhookBuffer _received = new(MaxNames, KeptPerName, MaxBytes, MaxBodyBytes);

    public static void Map(RouteGroupBuilder sandbox)
    {
        // Anonymous on purpose: the gateway's deliveries carry a signature, not an API key.
        sandbox.MapPost("/webhook-receiver/{name}", async (
            string name, HttpRequest request, SandboxSubscriber receiver) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            var id = request.Headers["webhook-id"].ToString();
            long.TryParse(request.Headers["webhook-timestamp"].ToString(), NumberStyles.Integer,
                CultureInfo.InvariantCulture, out var timestamp);
            var signature = request.Headers["webhook-signature"].ToString();
            var aborted = request.HttpContext.RequestAborted;
            if (name.Length > 100 || !await receiver.VerifyAsync(name, id, timestamp, body, signature, aborted))
            {
                return Results.Unauthorized();
            }

            receiver._received.Add(name, new ReceivedWebhook(id, timestamp, true, body));
            return Results.NoContent();
        }).AllowAnonymous();
        sandbox.MapGet("/webhook-receiver/{name}",
                (string name, SandboxSubscriber receiver) => Results.Json(receiver._received.Get(name)))
            .RequireAuthorization(Scopes.InterviewsRead);
    }

    /// Only the secrets of subscriptions to this very receiver name count, as a real receiver holds only its
    /// own; that also keeps an anonymous POST from making the gateway HMAC its body with every secret it has.
    private async Task<bool> VerifyAsync(
        string name, string id, long timestamp, string body, string signature, CancellationToken cancellationToken)
    {
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(timestamp, 0, 253_402_300_799));
        if (id.Length == 0 || signature.Length == 0 || age.Duration() > Tolerance)
        {
            return false;
        }

        var path = "/sandbox/webhook-receiver/" + name;
        foreach (var subscription in await subscriptions.ListAsync(cancellationToken))
        {
            if (Uri.TryCreate(subscription.Url, UriKind.Absolute, out var url)
                && Uri.UnescapeDataString(url.AbsolutePath).EndsWith(path, StringComparison.Ordinal)
                && secrets.Active(subscription)
                .Any(secret => StandardWebhookSigner.Verify(secret, id, timestamp, body, signature)))
            {
                return true;
            }
        }

        return false;
    }
}
