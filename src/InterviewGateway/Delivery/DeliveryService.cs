using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Interviews;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Delivery;

/// Sends one event to one subscription, records the attempt, and schedules the next one by our own
/// retry policy. Subscriber failures are expected and recorded, not thrown; only our own failures
/// (Redis down) throw, and the message stays taken, so it is claimed again and retried.
internal sealed partial class DeliveryService(
    ISubscriptionStore subscriptions,
    IEventStore events,
    IInterviewStore interviews,
    IHttpClientFactory httpClients,
    IDataProtectionProvider dataProtection,
    IOptionsMonitor<DeliveryOptions> options,
    IDeliveryQueue queue,
    FailureStreak streak,
    EventPublisher publisher,
    SubscriptionSnapshot snapshot,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<DeliveryService> logger)
{
    public const string HttpClientName = "webhooks";
    public const int MaxFullBodyBytes = 256 * 1024;
    private const int KeptResponseChars = 4096;

    public IDataProtector Protector => dataProtection.CreateProtector("InterviewGateway.SubscriptionSecrets.v1");

    /// One queued attempt, taken by this instance's dispatcher within the subscription's slots. Only the
    /// message carrying the current attempt sends; a stale copy (recovered again, claimed after a crash
    /// that happened after the attempt was recorded) is acknowledged and dropped.
    public async Task ProcessAsync(DeliveryMessage message, Subscription subscription,
        CancellationToken cancellationToken)
    {
        var storedTask = events.GetAsync(message.EventId, cancellationToken);
        var stateTask = queue.GetStateAsync(subscription.Id, message.EventId, cancellationToken);
        var (stored, state) = (await storedTask, await stateTask);
        var overtaken = state is { } current
            && (current.Kind != DeliveryStateKind.Queued || current.Attempt != message.Attempt);
        if (stored is null || overtaken)
        {
            await queue.CompleteAsync(message, null, cancellationToken); // expired, delivered, or overtaken
            return;
        }

        if (!subscription.Enabled)
        {
            // Nothing is sent while disabled; re-enabling resumes this attempt.
            await HoldAsync(subscription.Id, message.EventId, message.Attempt, cancellationToken);
            await queue.CompleteAsync(message, null, cancellationToken);
            return;
        }

        var body = subscription.Payload == PayloadMode.Full ? await WithTranscriptAsync(stored, cancellationToken)
            : stored.Body;
        var result = await SendAsync(subscription, stored.Id, stored.Type, body, message.Attempt, cancellationToken);
        if (result.StatusCode == (int)HttpStatusCode.Gone)
        {
            await DisableAsync(subscription.Id, "The endpoint answered 410 Gone.", cancellationToken);
        }

        await TrackFailuresAsync(subscription, result, cancellationToken);
        var now = time.GetUtcNow();
        var next = result.Status == DeliveryStatus.Succeeded || result.StatusCode == 410
            ? null
            : RetryPolicy.NextDelay(message.Attempt, options.CurrentValue.Schedule, result.StatusCode,
                result.ErrorClass == "timeout", result.RetryAfter, Random.Shared.NextDouble());
        var recorded = result.Attempt with
        {
            Status = result.Status == DeliveryStatus.Succeeded ? DeliveryStatus.Succeeded
                : next is null ? DeliveryStatus.Failed
                : DeliveryStatus.Pending,
            NextAttemptAt = next is { } delay ? now + delay : null,
        };
        var outcome = result.Status == DeliveryStatus.Succeeded
            ? new DeliveryState(DeliveryStateKind.Delivered, message.Attempt, now)
            : next is { } wait ? new DeliveryState(DeliveryStateKind.Queued, message.Attempt + 1, now + wait)
            : new DeliveryState(DeliveryStateKind.Failed, message.Attempt, now);
        // One round trip: the state (with the retry) and the attempt log line.
        await Task.WhenAll(queue.CompleteAsync(message, outcome, cancellationToken),
            subscriptions.AddAttemptAsync(subscription.Id, recorded, cancellationToken));
    }

    /// A manual retry: sends now, outside max_concurrency, records it; no retry schedule follows. A success
    /// also tells any pending attempt of the same event to stand aside.
    public async Task<DeliveryAttempt?> SendNowAsync(string eventId, string subscriptionId, int attempt,
        CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.GetAsync(subscriptionId, cancellationToken);
        var stored = await events.GetAsync(eventId, cancellationToken);
        if (subscription is null || stored is null)
        {
            return null;
        }

        var body = subscription.Payload == PayloadMode.Full ? await WithTranscriptAsync(stored, cancellationToken)
            : stored.Body;
        var result = await SendAsync(subscription, stored.Id, stored.Type, body, attempt, cancellationToken);
        if (result.StatusCode == (int)HttpStatusCode.Gone)
        {
            await DisableAsync(subscription.Id, "The endpoint answered 410 Gone.", cancellationToken);
        }

        await TrackFailuresAsync(subscription, result, cancellationToken);
        if (result.Status == DeliveryStatus.Succeeded)
        {
            await queue.MarkDeliveredAsync(subscription.Id, stored.Id, time.GetUtcNow(), CancellationToken.None);
        }

        await subscriptions.AddAttemptAsync(subscription.Id, result.Attempt, cancellationToken);
        return result.Attempt;
    }

    /// Queues `attempt` of an event now (resuming a held attempt).
    public Task EnqueueAsync(string eventId, string subscriptionId, int attempt, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(subscriptionId, eventId, attempt, cancellationToken);

    /// Sends a one-off event (a test or a manual redelivery) now and records it; no retries follow.
    public async Task<DeliveryAttempt> SendOnceAsync(Subscription subscription, string eventId, string eventType, string body, CancellationToken cancellationToken)
    {
        var result = await SendAsync(subscription, eventId, eventType, body, 1, cancellationToken);
        await subscriptions.AddAttemptAsync(subscription.Id, result.Attempt, cancellationToken);
        await TrackFailuresAsync(subscription, result, cancellationToken);
        return result.Attempt;
    }

    public IEnumerable<string> ActiveSecrets(Subscription subscription) =>
        subscription.Secrets.Where(s => s.ExpiresAt is null || s.ExpiresAt > time.GetUtcNow())
            .Select(s => Unprotect(s.Protected));

    /// Decrypting a secret per delivery costs more than signing; each protected value decrypts to the same secret.
    private string Unprotect(string protectedSecret)
    {
        if (_secrets.TryGetValue(protectedSecret, out var secret))
        {
            return secret;
        }

        secret = Protector.Unprotect(protectedSecret); // throws while the keys are gone, and nothing is cached
        if (_secrets.Count >= 10_000)
        {
            _secrets.Clear();
        }

        _secrets[protectedSecret] = secret;
        return secret;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string,
        string> _secrets = new(StringComparer.Ordinal);

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

        [LoggerMessage(4002, LogLevel.Error, "Subscription {SubscriptionId}: its signing secret cannot be decrypted (Data Protection keys lost?)")]
        public static partial void SecretUnavailable(ILogger logger, string subscriptionId, Exception exception);
    }
}
