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
using InterviewGateway.Interviews;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Delivery;

/// Sends one event to one subscription, records the attempt, and schedules the next one by our own
/// retry policy. Failures are expected and recorded, not thrown, so Hangfire never retries on its own.
internal sealed partial class DeliveryService(
    ISubscriptionStore subscriptions,
    IEventStore events,
    IInterviewStore interviews,
    IHttpClientFactory httpClients,
    IDataProtectionProvider dataProtection,
    IOptionsMonitor<DeliveryOptions> options,
    IBackgroundJobClient jobs,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<DeliveryService> logger)
{
    public const string HttpClientName = "webhooks";
    public const int MaxFullBodyBytes = 256 * 1024;
    private const int KeptResponseChars = 4096;

    public IDataProtector Protector => dataProtection.CreateProtector("InterviewGateway.SubscriptionSecrets.v1");

    public async Task<DeliveryAttempt?> DeliverAsync(string eventId, string subscriptionId, int attempt, bool scheduleRetry, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["EventId"] = eventId, ["SubscriptionId"] = subscriptionId });
        var subscription = await subscriptions.GetAsync(subscriptionId, cancellationToken);
        var stored = await events.GetAsync(eventId, cancellationToken);
        if (subscription is null || stored is null || (scheduleRetry && !subscription.Enabled))
        {
            return null; // deleted, expired, or disabled: nothing is sent while disabled
        }

        var body = subscription.Payload == PayloadMode.Full ? await WithTranscriptAsync(stored, cancellationToken) : stored.Body;
        var result = await SendAsync(subscription, stored.Id, stored.Type, body, attempt, cancellationToken);
        if (result.StatusCode == (int)HttpStatusCode.Gone)
        {
            await DisableAsync(subscription, "The endpoint answered 410 Gone.", cancellationToken);
        }

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

        return recorded;
    }

    /// Sends a one-off event (a test or a manual redelivery) now and records it; no retries follow.
    public async Task<DeliveryAttempt> SendOnceAsync(Subscription subscription, string eventId, string eventType, string body, CancellationToken cancellationToken)
    {
        var result = await SendAsync(subscription, eventId, eventType, body, 1, cancellationToken);
        await subscriptions.AddAttemptAsync(subscription.Id, result.Attempt, cancellationToken);
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
        request.Headers.Add("webhook-signature", StandardWebhookSigner.Header(ActiveSecrets(subscription), eventId, timestamp, body));

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
            retryAfter = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date - attemptedAt);
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

        var duration = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var succeeded = errorClass is null;
        Log.Attempt(logger, eventId, subscription.Id, attempt, status ?? 0, errorClass ?? "none");
        metrics.DeliveryAttempt(errorClass ?? "succeeded");
        var recorded = new DeliveryAttempt("att_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)), eventId, eventType, attempt,
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

    private async Task DisableAsync(Subscription subscription, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await subscriptions.SaveAsync(subscription with { Enabled = false, DisabledReason = reason, DisabledAt = now, UpdatedAt = now }, cancellationToken);
        Log.Disabled(logger, subscription.Id, reason);
    }

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
    }
}

/// The Hangfire job: ids only, never secrets or payloads. AutomaticRetry is off: the schedule is ours.
internal sealed class DeliveryJob(DeliveryService deliveries)
{
    [AutomaticRetry(Attempts = 0)]
    [Queue("delivery")]
    public Task RunAsync(string eventId, string subscriptionId, int attempt, CancellationToken cancellationToken) =>
        deliveries.DeliverAsync(eventId, subscriptionId, attempt, scheduleRetry: true, cancellationToken);
}
