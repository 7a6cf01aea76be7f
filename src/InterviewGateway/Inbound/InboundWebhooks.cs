using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Interviews;
using InterviewGateway.Timeline;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.Inbound;

/// The inbound door: limit, verify the raw bytes with the vendor's receiver, then one write (dedupe mark,
/// owed follow-up, its trace, the log and timeline entries), wait until Redis has made it durable, answer.
/// Every request that gets past the rate limit is written to the inbound log (rejected ones with their
/// reason) and, when it names an interview, to that interview's timeline. The follow-up runs later
/// (FollowUpDispatcher) and continues this request's trace; nothing on this path calls the vendor.
internal sealed partial class InboundWebhooks(
    VendorCatalog catalog, IFollowUpQueue queue, DurableAccept durability,
    InboundRateLimit rateLimit, FollowUpSignal signal, IInboundWebhookLog log, TimelineRecorder timeline,
    RedisKeys keys, RetentionOptions retention, TimeProvider time, ILogger<InboundWebhooks> logger)
{
    /// Vendor interview ids are short; anything longer is not one (and would become part of a key).
    public const int MaxInterviewIdLength = 200;

    public async Task<WebhookAcceptedResponse> ReceiveAsync(
        string vendor, HttpRequest request, CancellationToken cancellationToken)
    {
        var known = catalog.TryGet(vendor, out var descriptor) && descriptor.Capabilities.Webhooks;
        var receiver = known
            ? request.HttpContext.RequestServices.GetKeyedService<IVendorWebhookReceiver>(vendor)
            : null;
        // Unknown vendors share one bucket per address: a flood of made-up names cannot grow the limiter.
        rateLimit.Take(receiver is null ? "" : vendor, request.HttpContext.Connection.RemoteIpAddress?.ToString());
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        if (receiver is null)
        {
            await RejectAsync(vendor, body, InboundWebhookRejection.UnknownVendor, cancellationToken);
            throw ProblemException.NotFound($"No vendor '{vendor}' sends webhooks to this gateway.");
        }

        var verdict = await receiver.VerifyAsync(request.Headers, body, cancellationToken);
        if (verdict.Auth == WebhookAuth.Malformed)
        {
            await RejectAsync(vendor, body, InboundWebhookRejection.MalformedBody, cancellationToken);
            throw ProblemException.Validation(
                "body", "The webhook verified but carries a field outside its bounds (e.g. an over-long delivery id).");
        }

        if (verdict.Auth != WebhookAuth.Valid)
        {
            Log.Rejected(logger, vendor, verdict.Auth.ToString());
            await RejectAsync(vendor, body, verdict.Auth == WebhookAuth.NotConfigured
                ? InboundWebhookRejection.NotConfigured : InboundWebhookRejection.BadSignature, cancellationToken);
            throw new ProblemException(401, ProblemTypes.Unauthorized, "Unauthorized",
                "The webhook's signature or token did not verify (or nothing is configured to verify it with).");
        }

        if (verdict.Malformed)
        {
            // Signed but unreadable: retrying cannot fix it, so it is acknowledged, and kept as rejected.
            await RejectAsync(vendor, body, InboundWebhookRejection.MalformedBody, cancellationToken);
            return new WebhookAcceptedResponse(true, false);
        }

        if (verdict.VendorInterviewId is not { } interviewId)
        {
            await RecordAsync(InboundWebhook.Of(vendor, body, InboundWebhookOutcome.Accepted,
                eventName: verdict.EventName), cancellationToken);
            return new WebhookAcceptedResponse(true, false);
        }

        if (interviewId.Length > MaxInterviewIdLength)
        {
            await RejectAsync(vendor, body, InboundWebhookRejection.MalformedBody, cancellationToken);
            throw ProblemException.Validation("interview_id", "The webhook's interview id is too long.");
        }

        // One write: the follow-up continues this request's trace (one trace per completion), and the log
        // and timeline entries say accepted or duplicate as the mark decides.
        var accepted = await queue.AcceptAsync(new FollowUpAccept(
            keys.VendorWebhookSeen(vendor, interviewId,
                DeliveryHash(verdict.DeliveryKey ?? $"{interviewId}:{verdict.EventName}")),
            Record(interviewId, verdict.EventName), retention.VendorWebhookDedupe, vendor, interviewId)
        {
            TraceParent = GatewayActivity.TraceParent,
            LogEntry = InboundWebhook.Of(vendor, body, InboundWebhookOutcome.Accepted, null, verdict.EventName,
                interviewId),
            TimelineEntry = timeline.InboundWebhook(),
        }, cancellationToken);

        // A duplicate waits too: the first delivery's write may be the one not yet durable.
        if (!await durability.WaitAsync(keys.PartitionOfFollowUp(vendor, interviewId), cancellationToken))
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

    private Task RejectAsync(string vendor, byte[] body, InboundWebhookRejection reason,
        CancellationToken cancellationToken) =>
        RecordAsync(InboundWebhook.Of(vendor, body, InboundWebhookOutcome.Rejected, reason), cancellationToken);

    /// The one writer of the inbound log; an entry that names an interview also goes on its timeline.
    private async Task RecordAsync(InboundWebhook entry, CancellationToken cancellationToken)
    {
        entry = await log.RecordAsync(entry, cancellationToken);
        if (entry is { Vendor: { } known, VendorInterviewId: { } vendorInterviewId })
        {
            await timeline.InboundWebhookAsync(Interview.MakeId(known, vendorInterviewId), entry.Id,
                entry.Outcome.ToString().ToLowerInvariant());
        }
    }

    /// The dedupe key holds a hash of the delivery's identity: bounded length, whatever the sender chose.
    internal static string DeliveryHash(string deliveryKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryKey)));

    /// The mark is also the record of the delivery: when it came and what it was about.
    private string Record(string interviewId, string? eventName) => JsonSerializer.Serialize(
        new { received_at = time.GetUtcNow(), interview_id = interviewId, @event = eventName });

    private static partial class Log
    {
        // Per webhook, so Debug (issue 20): the inbound log and the interview's timeline keep every one.
        [LoggerMessage(6100, LogLevel.Debug, "Accepted {Vendor} webhook for {VendorInterviewId} ({EventName})")]
        public static partial void Accepted(ILogger logger, string vendor, string vendorInterviewId, string eventName);

        [LoggerMessage(6101, LogLevel.Warning, "Rejected a {Vendor} webhook: {Reason}")]
        public static partial void Rejected(ILogger logger, string vendor, string reason);
    }
}
