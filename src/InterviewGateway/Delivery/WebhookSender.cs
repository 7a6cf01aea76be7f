using InterviewGateway.Contracts;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InterviewGateway.Infrastructure.Http;
using InterviewGateway.Infrastructure.Observability;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Delivery;

/// Signs one body for one subscription (Standard Webhooks), posts it and classifies the answer. Subscriber
/// failures are results, never exceptions: only the caller's own cancellation throws.
internal sealed partial class WebhookSender(
    IHttpClientFactory httpClients,
    SubscriptionSecrets secrets,
    IOptionsMonitor<DeliveryOptions> options,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";
    private const int KeptResponseChars = 4096;

    public async Task<SendResult> SendAsync(Subscription subscription, string eventId, string eventType,
        string body, int attempt, CancellationToken cancellationToken)
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
            request.Headers.Add("webhook-signature",
                StandardWebhookSigner.Header(secrets.Active(subscription), eventId, timestamp, body));
        }
        catch (CryptographicException ex)
        {
            // The Data Protection keys that encrypted the secret are gone: nothing can be signed.
            Log.SecretUnavailable(logger, subscription.Id, ex);
            var failed = new DeliveryAttempt(NewAttemptId(), eventId, eventType, attempt, time.GetUtcNow(), null, 0,
                null, "secret_unavailable", DeliveryStatus.Failed, null);
            return new SendResult(failed, null, "secret_unavailable", null);
        }

        var started = Stopwatch.GetTimestamp();
        var attemptedAt = time.GetUtcNow();
        var answer = await PostAsync(request, attemptedAt, cancellationToken);
        var duration = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (answer.ErrorClass is { } error)
        {
            Log.Attempt(logger, eventId, subscription.Id, attempt, answer.Status ?? 0, error);
        }
        else
        {
            Log.Delivered(logger, eventId, subscription.Id, attempt, answer.Status ?? 0);
        }

        metrics.DeliveryAttempt(answer.ErrorClass ?? "succeeded");
        var recorded = new DeliveryAttempt(NewAttemptId(), eventId, eventType, attempt, attemptedAt, answer.Status,
            duration, answer.Body, answer.ErrorClass,
            answer.ErrorClass is null ? DeliveryStatus.Succeeded : DeliveryStatus.Failed, null);
        return new SendResult(recorded, answer.Status, answer.ErrorClass, answer.RetryAfter);
    }

    /// Any 2xx is a success; a redirect is not followed (and fails); the response body is kept only as
    /// a prefix, for the attempt log.
    private async Task<Answer> PostAsync(HttpRequestMessage request, DateTimeOffset attemptedAt,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CurrentValue.Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var errorClass = status is >= 200 and < 300 ? null
                : status is >= 300 and < 400 ? "redirect"
                : "http_status";
            var retryAfter = RetryAfterHeader.Parse(response, attemptedAt);
            string? body;
            try
            {
                body = await ReadPrefixAsync(response, timeout.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException
                && !cancellationToken.IsCancellationRequested)
            {
                // The status decided the outcome (any 2xx is success); only the recorded body is lost.
                body = null;
            }
            catch (IOException)
            {
                return new Answer(status, null, "connection", retryAfter); // broke while shutting down
            }

            return new Answer(status, body, errorClass, retryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Answer.Failed("timeout");
        }
        catch (HttpRequestException ex)
            when (ex is ForbiddenAddressException || ex.InnerException is ForbiddenAddressException)
        {
            return Answer.Failed("forbidden_address"); // refused by the connect-time SSRF check, nothing was sent
        }
        catch (HttpRequestException ex)
        {
            return Answer.Failed(ex.HttpRequestError == HttpRequestError.NameResolutionError ? "dns" : "connection");
        }
        catch (IOException)
        {
            return Answer.Failed("connection"); // the connection broke while the response body was read
        }
    }

    private static string NewAttemptId() => "att_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response,
        CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new char[KeptResponseChars];
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return new string(buffer, 0, read);
    }

    private sealed record Answer(int? Status, string? Body, string? ErrorClass, TimeSpan? RetryAfter)
    {
        public static Answer Failed(string errorClass) => new(null, null, errorClass, null);
    }

    private static partial class Log
    {
        // A failed attempt that will be retried is routine: Information, not Warning.
        [LoggerMessage(4000, LogLevel.Information,
            "Delivery of {EventId} to {SubscriptionId}, attempt {Attempt}: status {StatusCode}, error {ErrorClass}")]
        public static partial void Attempt(ILogger logger, string eventId, string subscriptionId, int attempt,
            int statusCode, string errorClass);

        // Every delivered webhook, so Debug (issue 20): the attempt log and the timeline keep each one.
        [LoggerMessage(4003, LogLevel.Debug,
            "Delivered {EventId} to {SubscriptionId}, attempt {Attempt}: status {StatusCode}")]
        public static partial void Delivered(ILogger logger, string eventId, string subscriptionId, int attempt,
            int statusCode);

        [LoggerMessage(4002, LogLevel.Error,
            "Subscription {SubscriptionId}: its signing secret cannot be decrypted (Data Protection keys lost?)")]
        public static partial void SecretUnavailable(ILogger logger, string subscriptionId, Exception exception);
    }
}
