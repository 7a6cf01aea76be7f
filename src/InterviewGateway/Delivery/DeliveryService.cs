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
    IDeliverySlots slots,
    FailureStreak streak,
    EventPublisher publisher,
    RedisKeys keys,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<DeliveryService> logger)
{
    /// While an attempt runs, a second copy of its job (Hangfire is at-least-once) stands aside. Shorter
    /// than Hangfire's invisibility timeout, so the copy Hangfire runs after a crash finds it lapsed.
    private static readonly TimeSpan AttemptClaim = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan BusyDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);

    private enum Outcome
    {
        Done,
        Held,
        Busy,
    }

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
            var (recorded, outcome) = await DeliverOnceAsync(eventId, subscriptionId, attempt, scheduleRetry, cancellationToken);
            if (outcome == Outcome.Held)
            {
                // Released first: the resumed job runs this same attempt and must not find it claimed.
                await marks.DeleteAsync(claim, CancellationToken.None);
                await HoldAsync(subscriptionId, eventId, attempt, cancellationToken);
            }
            else if (outcome == Outcome.Busy)
            {
                // Every slot is in flight: try this same attempt again shortly rather than hold a worker.
                await marks.DeleteAsync(claim, CancellationToken.None);
                var delay = BusyDelay + TimeSpan.FromSeconds(3 * Random.Shared.NextDouble());
                jobs.Schedule<DeliveryJob>(job => job.RunWhenFreeAsync(eventId, subscriptionId, attempt, CancellationToken.None), delay);
                Log.Busy(logger, eventId, subscriptionId, attempt, delay);
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

    private async Task<(DeliveryAttempt? Recorded, Outcome Outcome)> DeliverOnceAsync(string eventId, string subscriptionId, int attempt, bool scheduleRetry, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.GetAsync(subscriptionId, cancellationToken);
        var stored = await events.GetAsync(eventId, cancellationToken);
        if (subscription is null || stored is null)
        {
            return (null, Outcome.Done); // deleted or expired
        }

        if (scheduleRetry && await marks.GetAsync(keys.DeliverySucceeded(subscription.Id, stored.Id), cancellationToken) is not null)
        {
            return (null, Outcome.Done); // a manual retry (or recover) already delivered it
        }

        if (scheduleRetry && !subscription.Enabled)
        {
            return (null, Outcome.Held); // nothing is sent while disabled; re-enabling resumes it
        }

        var body = subscription.Payload == PayloadMode.Full ? await WithTranscriptAsync(stored, cancellationToken) : stored.Body;
        // Scheduled deliveries take a slot; operator actions (manual retry) go through at once. The lease
        // outlives the attempt's timeout, so only a crashed instance ever leaves one to expire.
        var lease = scheduleRetry ? await slots.TryAcquireAsync(subscription.Id, subscription.MaxConcurrency, options.CurrentValue.Timeout + LeaseMargin, cancellationToken) : null;
        if (scheduleRetry && lease is null)
        {
            return (null, Outcome.Busy);
        }

        SendResult result;
        try
        {
            result = await SendAsync(subscription, stored.Id, stored.Type, body, attempt, cancellationToken);
        }
        finally
        {
            if (lease is not null)
            {
                await slots.ReleaseAsync(subscription.Id, lease, CancellationToken.None);
            }
        }
        if (result.StatusCode == (int)HttpStatusCode.Gone)
        {
            await DisableAsync(subscription.Id, "The endpoint answered 410 Gone.", cancellationToken);
        }

        await TrackFailuresAsync(subscription, result, cancellationToken);
        if (result.Status == DeliveryStatus.Succeeded)
        {
            await marks.SetAsync(keys.DeliverySucceeded(subscription.Id, stored.Id), "1", IEventStore.Retention, CancellationToken.None);
        }

        var next = result.Status == DeliveryStatus.Succeeded || result.StatusCode == 410 || !scheduleRetry
            ? null
            : RetryPolicy.NextDelay(attempt, options.CurrentValue.Schedule, result.StatusCode, result.ErrorClass == "timeout", result.RetryAfter, Random.Shared.NextDouble());
        var recorded = result.Attempt with
        {
            Status = result.Status == DeliveryStatus.Succeeded ? DeliveryStatus.Succeeded : next is null ? DeliveryStatus.Failed : DeliveryStatus.Pending,
            NextAttemptAt = next is { } delay ? time.GetUtcNow() + delay : null,
        };
        // The retry is scheduled before the attempt is recorded: a crash in between loses a log line,
        // never the retry.
        if (next is { } wait)
        {
            jobs.Schedule<DeliveryJob>(job => job.RunAsync(eventId, subscriptionId, attempt + 1, CancellationToken.None), wait);
        }

        await subscriptions.AddAttemptAsync(subscription.Id, recorded, cancellationToken);

        return (recorded, Outcome.Done);
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
            errorClass = status is >= 200 and < 300 ? null : status is >= 300 and < 400 ? "redirect" : "http_status";
            try
            {
                responseBody = await ReadPrefixAsync(response, timeout.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The status decided the outcome (any 2xx is success); only the recorded body is lost.
                responseBody = null;
            }
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

        [LoggerMessage(4003, LogLevel.Debug, "Delivery of {EventId} to {SubscriptionId}, attempt {Attempt}: max_concurrency reached, trying again in {Delay}")]
        public static partial void Busy(ILogger logger, string eventId, string subscriptionId, int attempt, TimeSpan delay);

        [LoggerMessage(4002, LogLevel.Error, "Subscription {SubscriptionId}: its signing secret cannot be decrypted (Data Protection keys lost?)")]
        public static partial void SecretUnavailable(ILogger logger, string subscriptionId, Exception exception);
    }
}
