using InterviewGateway.Contracts;
using System.Net;
using System.Security.Cryptography;
using InterviewGateway.Delivery;
using Microsoft.AspNetCore.DataProtection;

namespace InterviewGateway.Tests.Delivery;

public sealed class WebhookSenderTests : IDisposable
{
    private const string Body = """{"id":"evt_1","type":"interview.completed"}""";
    private readonly DeliveryKit _kit = new();

    [Fact]
    public async Task Sends_the_body_signed_with_the_subscriptions_secret_and_a_2xx_is_a_success()
    {
        var (subscription, secret) = await _kit.SubscribeAsync();
        _kit.Subscriber.Answer = () =>
            new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StringContent("ok") };

        var result = await SendAsync(subscription);

        var (request, body) = Assert.Single(_kit.Subscriber.Received);
        Assert.Equal(Body, body);
        Assert.Equal("evt_1", request.Headers.GetValues("webhook-id").Single());
        var timestamp = long.Parse(request.Headers.GetValues("webhook-timestamp").Single(),
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(StandardWebhookSigner.Verify(secret, "evt_1", timestamp, Body,
            request.Headers.GetValues("webhook-signature").Single()));
        Assert.True(result.Succeeded);
        Assert.Equal((202, null, "ok"), (result.StatusCode, result.ErrorClass, result.Attempt.ResponseBody));
        Assert.Equal(DeliveryStatus.Succeeded, result.Attempt.Status);
    }

    [Theory]
    [InlineData(302, "redirect")]
    [InlineData(410, "http_status")]
    [InlineData(500, "http_status")]
    public async Task A_status_outside_2xx_is_a_failed_attempt_with_its_class(int status, string errorClass)
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        _kit.Subscriber.Answer = () => new HttpResponseMessage((HttpStatusCode)status);

        var result = await SendAsync(subscription);

        Assert.False(result.Succeeded);
        Assert.Equal((status, errorClass), (result.StatusCode, result.ErrorClass));
        Assert.Equal(status == 410, result.Gone);
        Assert.Equal(DeliveryStatus.Failed, result.Attempt.Status);
    }

    [Fact]
    public async Task Retry_after_is_read_and_only_a_prefix_of_the_answer_is_kept()
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        _kit.Subscriber.Answer = () =>
        {
            var answer = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            {
                Content = new StringContent(new string('x', 10_000)),
            };
            answer.Headers.Add("Retry-After", "7");
            return answer;
        };

        var result = await SendAsync(subscription);

        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
        Assert.Equal(4096, result.Attempt.ResponseBody!.Length);
    }

    public static TheoryData<Exception, string> Failures => new()
    {
        { new TaskCanceledException("timed out"), "timeout" },
        { new HttpRequestException(HttpRequestError.NameResolutionError), "dns" },
        { new HttpRequestException(HttpRequestError.ConnectionError), "connection" },
        { new IOException("reset"), "connection" },
        { new ForbiddenAddressException("internal.example", IPAddress.Loopback), "forbidden_address" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failure_to_reach_the_subscriber_is_a_result_not_an_exception(Exception failure,
        string errorClass)
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        _kit.Subscriber.Failure = failure;

        var result = await SendAsync(subscription);

        Assert.Equal((null, errorClass), (result.StatusCode, result.ErrorClass));
        Assert.Equal(DeliveryStatus.Failed, result.Attempt.Status);
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_not_a_timeout()
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        _kit.Subscriber.Failure = new TaskCanceledException();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _kit.Sender.SendAsync(subscription, "evt_1", "interview.completed", Body, 1, cancelled.Token));
    }

    [Fact]
    public async Task A_secret_that_cannot_be_decrypted_sends_nothing()
    {
        var (subscription, _) = await _kit.SubscribeAsync();
        var lost = new SubscriptionSecrets(new EphemeralDataProtectionProvider(), _kit.Time).Protect("whsec_AAAA");
        subscription = subscription with { Secrets = [new StoredSecret(lost, null)] };

        var result = await SendAsync(subscription);

        Assert.Empty(_kit.Subscriber.Received);
        Assert.Equal("secret_unavailable", result.ErrorClass);
        Assert.Equal(DeliveryStatus.Failed, result.Attempt.Status);
        Assert.Throws<CryptographicException>(() => _kit.Secrets.Unprotect(lost));
    }

    public void Dispose() => _kit.Dispose();

    private Task<SendResult> SendAsync(Subscription subscription) =>
        _kit.Sender.SendAsync(subscription, "evt_1", "interview.completed", Body, 1, CancellationToken.None);
}
