using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangfire;
using InterviewGateway.Api.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Interviews;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Delivery;

/// Sends one event to one subscription, records the attempt, and schedules the next one by our own
/// retry policy. Subscriber failures are expected and recorded, not thrown; only our own failures
/// (Redis down) throw, and Hangfire then runs the same attempt again.
internal sealed partial class DeliveryService(
    ISubscriptionStore subscriptions,
    IEventStore events,
    IInterviewStore interviews,
    IHttpClientFactory httpClients,
    IDataProtectionProvider dataProtection,
    IOptionsMonitor<DeliveryOptions> options,
    IBackgroundJobClient jobs,
    IKeyValueStore marks,
    FailureStreak streak,
    EventPublisher publisher,
    RedisKeys keys,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<DeliveryService> logger)
{
    /// While an attempt runs, a second copy of its job (Hangfire is at-least-once) stands aside.
    private static readonly TimeSpan AttemptClaim = TimeSpan.FromMinutes(10);

    public const string HttpClientName = "webhooks";
    public const int MaxFullBodyBytes = 256 * 1024;
    private const int KeptResponseChars = 4096;

    public IDataProtector Protector => dataProtection.CreateProtector("InterviewGateway.SubscriptionSecrets.v1");

    public async Task<DeliveryAttempt?> DeliverAsync(string eventId, string subscriptionId, int attempt, bool scheduleRetry, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["EventId"] = eventId, ["SubscriptionId"] = subscriptionId });
        var claim = keys.DeliveryAttempt(subscriptionId, eventId, attempt);
        if (scheduleRetry && !await marks.SetIfAbsentAsync(claim, "running", AttemptClaim, cancellationToken))
        {
            return null; // this attempt already ran, or is running in another copy of the job
        }

        try
        {
            var (recorded, held) = await DeliverOnceAsync(eventId, subscriptionId, attempt, scheduleRetry, cancellationToken);
            if (held)
            {
                // Released first: the resumed job runs this same attempt and must not find it claimed.
                await marks.DeleteAsync(claim, CancellationToken.None);
                await HoldAsync(subscriptionId, eventId, attempt, cancellationToken);
            }
            else if (scheduleRetry)
            {
                await marks.SetAsync(claim, "done", IEventStore.Retention, CancellationToken.None);
            }

            return recorded;
        }
        catch when (scheduleRetry)
        {
            // Redis or a bug: let Hangfire run this attempt again.
            await marks.DeleteAsync(claim, CancellationToken.None);
            throw;
        }
    }

    private async Task<(DeliveryAttempt? Recorded, bool Held)> DeliverOnceAsync(string eventId, string subscriptionId, int attempt, bool scheduleRetry, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.GetAsync(subscriptionId, cancellationToken);
        var stored = await events.GetAsync(eventId, cancellationToken);
        if (subscription is null || stored is null)
        {
            return (null, false); // deleted or expired
        }

        if (scheduleRetry && !subscription.Enabled)
        {
            return (null, true); // nothing is sent while disabled; re-enabling resumes it
        }

        var body = subscription.Payload == PayloadMode.Full ? await WithTranscriptAsync(stored, cancellationToken) : stored.Body;
        var result = await SendAsync(subscription, stored.Id, stored.Type, body, attempt, cancellationToken);
        if (result.StatusCode == (int)HttpStatusCode.Gone)
        {
            await DisableAsync(subscription.Id, "The endpoint answered 410 Gone.", cancellationToken);
        }

        await TrackFailuresAsync(subscription, result, cancellationToken);

        var next = result.Status == DeliveryStatus.Succeeded || result.StatusCode == 410 || !scheduleRetry
            ? null
            : RetryPolicy.NextDelay(attempt, options.CurrentValue.Schedule, result.StatusCode, result.ErrorClass == "timeout", result.RetryAfter, Random.Shared.NextDouble());
        var recorded = result.Attempt with
        {
            Status = result.Status == DeliveryStatus.Succeeded ? DeliveryStatus.Succeeded : next is null ? DeliveryStatus.Failed : DeliveryStatus.Pending,
            NextAttemptAt = next is { } delay ? time.GetUtcNow() + delay : null,
        };
        await subscriptions.AddAttemptAsync(subscription.Id, recorded, cancellationToken);
        if (next is { } wait)
        {
            jobs.Schedule<DeliveryJob>(job => job.RunAsync(eventId, subscriptionId, attempt + 1, CancellationToken.None), wait);
        }

        return (recorded, false);
    }

    /// Parks a due attempt of a disabled subscription. If it was re-enabled since we read it, the
    /// enable may already have resumed the others, so this one is resumed at once.
    private async Task HoldAsync(string subscriptionId, string eventId, int attempt, CancellationToken cancellationToken)
    {
        await subscriptions.HoldAsync(subscriptionId, eventId, attempt, cancellationToken);
        if (await subscriptions.GetAsync(subscriptionId, cancellationToken) is { Enabled: true })
        {
            await ResumeHeldAsync(subscriptionId, cancellationToken);
        }
    }

    /// Re-enqueues the attempts held while the subscription was disabled, each once (taken atomically).
    public async Task<int> ResumeHeldAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var held = (await subscriptions.TakeHeldAsync(subscriptionId, cancellationToken)).ToList();
        for (var i = 0; i < held.Count; i++)
        {
            try
            {
                Enqueue(held[i].Key, subscriptionId, held[i].Value);
            }
            catch
            {
                // Hangfire's storage failed: put back what was not enqueued, for the next enable or recover.
                foreach (var (eventId, attempt) in held.Skip(i))
                {
                    await subscriptions.HoldAsync(subscriptionId, eventId, attempt, CancellationToken.None);
                }

                throw;
            }
        }

        return held.Count;
    }

    /// Starts a delivery chain at `attempt` on the delivery queue (Hangfire, ids only).
    public void Enqueue(string eventId, string subscriptionId, int attempt) =>
        jobs.Enqueue<DeliveryJob>(job => job.RunAsync(eventId, subscriptionId, attempt, CancellationToken.None));

    /// Sends a one-off event (a test or a manual redelivery) now and records it; no retries follow.
    public async Task<DeliveryAttempt> SendOnceAsync(Subscription subscription, string eventId, string eventType, string body, CancellationToken cancellationToken)
    {
        var result = await SendAsync(subscription, eventId, eventType, body, 1, cancellationToken);
        await subscriptions.AddAttemptAsync(subscription.Id, result.Attempt, cancellationToken);
        await TrackFailuresAsync(subscription, result, cancellationToken);
        return result.Attempt;
    }

    /// Re-enabling gives the subscription a fresh failure window and resumes what was held back.
    public async Task OnEnabledAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        await streak.ResetAsync(subscriptionId, cancellationToken);
        await ResumeHeldAsync(subscriptionId, cancellationToken);
    }

    /// Every attempt counts, tests and manual retries included: a subscription whose attempts have all
    /// failed for Delivery:DisableAfter is disabled.
    private async Task TrackFailuresAsync(Subscription subscription, SendResult result, CancellationToken cancellationToken)
    {
        var failing = await streak.RecordAsync(subscription.Id, result.Status == DeliveryStatus.Succeeded, cancellationToken);
        if (failing is { } f && result.StatusCode != (int)HttpStatusCode.Gone && FailureStreak.ShouldDisable(f.For, options.CurrentValue.DisableAfter))
        {
            await DisableAsync(subscription.Id, $"Every delivery attempt failed since {f.Since.ToString("O", CultureInfo.InvariantCulture)}.", cancellationToken);
        }
    }

    public IEnumerable<string> ActiveSecrets(Subscription subscription) =>
        subscription.Secrets.Where(s => s.ExpiresAt is null || s.ExpiresAt > time.GetUtcNow()).Select(s => Protector.Unprotect(s.Protected));

    private async Task<SendResult> SendAsync(Subscription subscription, string eventId, string eventType, string body, int attempt, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", eventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        try
        {
            request.Headers.Add("webhook-signature", StandardWebhookSigner.Header(ActiveSecrets(subscription), eventId, timestamp, body));
        }
        catch (CryptographicException ex)
        {
            // The Data Protection keys that encrypted the secret are gone: nothing can be signed.
            Log.SecretUnavailable(logger, subscription.Id, ex);
            var failed = new DeliveryAttempt(NewAttemptId(), eventId, eventType, attempt, time.GetUtcNow(), null, 0, null, "secret_unavailable", DeliveryStatus.Failed, null);
            return new SendResult(failed, DeliveryStatus.Failed, null, "secret_unavailable", null);
        }

        var started = Stopwatch.GetTimestamp();
        var attemptedAt = time.GetUtcNow();
        int? status = null;
        string? responseBody = null;
        string? errorClass = null;
        TimeSpan? retryAfter = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CurrentValue.Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            retryAfter = Vendors.VendorGateHandler.RetryAfter(response, attemptedAt);
            responseBody = await ReadPrefixAsync(response, timeout.Token);
            errorClass = status is >= 200 and < 300 ? null : status is >= 300 and < 400 ? "redirect" : "http_status";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            errorClass = "timeout";
        }
        catch (HttpRequestException ex) when (ex is ForbiddenAddressException || ex.InnerException is ForbiddenAddressException)
        {
            errorClass = "forbidden_address"; // refused by the connect-time SSRF check, nothing was sent
        }
        catch (HttpRequestException ex)
        {
            errorClass = ex.HttpRequestError == HttpRequestError.NameResolutionError ? "dns" : "connection";
        }
        catch (IOException)
        {
            errorClass = "connection"; // the connection broke while the response body was read
        }

        var duration = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var succeeded = errorClass is null;
        Log.Attempt(logger, eventId, subscription.Id, attempt, status ?? 0, errorClass ?? "none");
        metrics.DeliveryAttempt(errorClass ?? "succeeded");
        var recorded = new DeliveryAttempt(NewAttemptId(), eventId, eventType, attempt,
            attemptedAt, status, duration, responseBody, errorClass, succeeded ? DeliveryStatus.Succeeded : DeliveryStatus.Failed, null);
        return new SendResult(recorded, succeeded ? DeliveryStatus.Succeeded : DeliveryStatus.Failed, status, errorClass, retryAfter);
    }

    private async Task<string> WithTranscriptAsync(GatewayEvent stored, CancellationToken cancellationToken)
    {
        var node = JsonNode.Parse(stored.Body)!.AsObject();
        if (await interviews.GetAsync(stored.InterviewId, cancellationToken) is not { Transcript: { } transcript })
        {
            return stored.Body;
        }

        node["data"]!["transcript"] = JsonSerializer.SerializeToNode(transcript.ToResponse(stored.InterviewId), GatewayJson.Api);
        var full = node.ToJsonString(GatewayJson.Api);
        if (Encoding.UTF8.GetByteCount(full) < MaxFullBodyBytes)
        {
            return full;
        }

        node["data"]!.AsObject().Remove("transcript");
        node["data"]!["transcript_truncated"] = true;
        return node.ToJsonString(GatewayJson.Api);
    }

    /// Re-reads the subscription first: the send may have taken seconds, during which it was changed
    /// or deleted, and a deleted one must stay deleted.
    private async Task DisableAsync(string subscriptionId, string reason, CancellationToken cancellationToken)
    {
        if (await subscriptions.GetAsync(subscriptionId, cancellationToken) is not { Enabled: true } current)
        {
            return; // deleted, or already disabled (by the API or a concurrent attempt): one event only
        }

        var now = time.GetUtcNow();
        var disabled = current with { Enabled = false, DisabledReason = reason, DisabledAt = now, UpdatedAt = now };
        await subscriptions.SaveAsync(disabled, cancellationToken);
        Log.Disabled(logger, subscriptionId, reason);
        await publisher.PublishSubscriptionDisabledAsync(disabled, cancellationToken);
    }

    private static string NewAttemptId() => "att_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new char[KeptResponseChars];
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return new string(buffer, 0, read);
    }

    private sealed record SendResult(DeliveryAttempt Attempt, DeliveryStatus Status, int? StatusCode, string? ErrorClass, TimeSpan? RetryAfter);

    private static partial class Log
    {
        // A failed attempt that will be retried is routine: Information, not Warning.
        [LoggerMessage(4000, LogLevel.Information, "Delivery of {EventId} to {SubscriptionId}, attempt {Attempt}: status {StatusCode}, error {ErrorClass}")]
        public static partial void Attempt(ILogger logger, string eventId, string subscriptionId, int attempt, int statusCode, string errorClass);

        [LoggerMessage(4001, LogLevel.Warning, "Subscription {SubscriptionId} disabled: {Reason}")]
        public static partial void Disabled(ILogger logger, string subscriptionId, string reason);

        [LoggerMessage(4002, LogLevel.Error, "Subscription {SubscriptionId}: its signing secret cannot be decrypted (Data Protection keys lost?)")]
        public static partial void SecretUnavailable(ILogger logger, string subscriptionId, Exception exception);
    }
}

/// The Hangfire job: ids only, never secrets or payloads. The retry schedule for subscriber failures
/// is ours; Hangfire's own few retries only cover the gateway's failures (the attempt claim dedupes).
internal sealed class DeliveryJob(DeliveryService deliveries)
{
    [AutomaticRetry(Attempts = 3, LogEvents = false)]
    [Queue("delivery")]
    public Task RunAsync(string eventId, string subscriptionId, int attempt, CancellationToken cancellationToken) =>
        deliveries.DeliverAsync(eventId, subscriptionId, attempt, scheduleRetry: true, cancellationToken);
}
