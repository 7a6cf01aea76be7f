using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.Inbound;

/// The inbound door: limit, verify the raw bytes with the vendor's receiver, dedupe and record the owed
/// follow-up in one write, wait until Redis has made it durable, answer. The follow-up runs later
/// (FollowUpDispatcher); nothing on this path calls the vendor.
internal sealed partial class InboundWebhooks(
    VendorCatalog catalog, IFollowUpQueue queue, DurableAccept durability,
    InboundRateLimit rateLimit, FollowUpSignal signal, RedisKeys keys, RetentionOptions retention,
    TimeProvider time, ILogger<InboundWebhooks> logger)
{
    /// Vendor interview ids are short; anything longer is not one (and would become part of a key).
    public const int MaxInterviewIdLength = 200;

    public async Task<WebhookAcceptedResponse> ReceiveAsync(
        string vendor, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(vendor, out var descriptor) || !descriptor.Capabilities.Webhooks
            || request.HttpContext.RequestServices.GetKeyedService<IVendorWebhookReceiver>(vendor)
                is not { } receiver)
        {
            throw ProblemException.NotFound($"No vendor '{vendor}' sends webhooks to this gateway.");
        }

        rateLimit.Take(vendor, request.HttpContext.Connection.RemoteIpAddress?.ToString());
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var verdict = await receiver.VerifyAsync(request.Headers, buffer.ToArray(), cancellationToken);
        if (verdict.Auth == WebhookAuth.Malformed)
        {
            throw ProblemException.Validation(
                "body", "The webhook verified but carries a field outside its bounds (e.g. an over-long delivery id).");
        }

        if (verdict.Auth != WebhookAuth.Valid)
        {
            Log.Rejected(logger, vendor, verdict.Auth.ToString());
            throw new ProblemException(401, ProblemTypes.Unauthorized, "Unauthorized",
                "The webhook's signature or token did not verify (or nothing is configured to verify it with).");
        }

        if (verdict.VendorInterviewId is not { } interviewId)
        {
            return new WebhookAcceptedResponse(true, false);
        }

        if (interviewId.Length > MaxInterviewIdLength)
        {
            throw ProblemException.Validation("interview_id", "The webhook's interview id is too long.");
        }

        var accepted = await queue.AcceptAsync(
            keys.VendorWebhookSeen(vendor, DeliveryHash(verdict.DeliveryKey ?? $"{interviewId}:{verdict.EventName}")),
            Record(interviewId, verdict.EventName), retention.VendorWebhookDedupe, vendor, interviewId,
            cancellationToken);
        // A duplicate waits too: the first delivery's write may be the one not yet durable.
        if (!await durability.WaitAsync(cancellationToken))
        {
            throw new ProblemException(503, ProblemTypes.StorageUnavailable, "Storage not durable",
                "The webhook could not be stored durably just now; retry after the Retry-After interval.")
            {
                RetryAfter = TimeSpan.FromSeconds(1),
            };
        }

        if (accepted)
        {
            signal.Set();
            Log.Accepted(logger, vendor, interviewId, verdict.EventName ?? "-");
        }

        return new WebhookAcceptedResponse(true, !accepted);
    }

    /// The dedupe key holds a hash of the delivery's identity: bounded length, whatever the sender chose.
    internal static string DeliveryHash(string deliveryKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryKey)));

    /// The mark is also the record of the delivery: when it came and what it was about.
    private string Record(string interviewId, string? eventName) => JsonSerializer.Serialize(
        new { received_at = time.GetUtcNow(), interview_id = interviewId, @event = eventName });

    private static partial class Log
    {
        [LoggerMessage(6100, LogLevel.Information, "Accepted {Vendor} webhook for {VendorInterviewId} ({EventName})")]
        public static partial void Accepted(ILogger logger, string vendor, string vendorInterviewId, string eventName);

        [LoggerMessage(6101, LogLevel.Warning, "Rejected a {Vendor} webhook: {Reason}")]
        public static partial void Rejected(ILogger logger, string vendor, string reason);
    }
}
