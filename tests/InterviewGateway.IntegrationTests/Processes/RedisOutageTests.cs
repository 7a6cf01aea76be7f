using System.Globalization;
using System.Net;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Processes;

/// Redis faults with a real redis-server stopped and started under a running gateway process: the
/// gateway starts without Redis, answers 503 problem+json with Retry-After (never 500) while it is gone,
/// reports not ready, and afterwards delivers every completion, once.
public sealed class RedisOutageTests() : RedisOutageContract(new RestartableRedis());

/// The same with a whole 3-primary Redis Cluster stopped and started (issue 21).
public sealed class RedisOutageOnClusterTests() : RedisOutageContract(new RestartableCluster());

[LongRunning]
public abstract class RedisOutageContract(IRestartableRedis redis) : IAsyncLifetime
{
    private readonly IRestartableRedis _redis = redis;
    private StandaloneHindsight _vendor = null!;
    private TestSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        await _redis.PrepareAsync();
        _vendor = await StandaloneHindsight.StartAsync(requestsPerMinute: 600);
        _subscriber = await TestSubscriber.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        await _vendor.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_gateway_starts_before_Redis_answers_503_while_it_is_down_and_loses_nothing()
    {
        await using var gateway = await GatewayProcess.StartAsync(Settings(), waitReady: false);
        using var client = gateway.CreateClient();
        await AssertUnavailableAsync(client); // started without Redis, and waits for it

        await _redis.StartAsync();
        await gateway.WaitReadyAsync();
        await client.SubscribeAsync(_subscriber);
        var before = await CreateCompletedAsync(client);
        await _subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == before), TimeSpan.FromSeconds(60));

        // Completes at the vendor while Redis is down: found and delivered once Redis is back.
        var during = await CreateAsync(client);
        await _redis.StopAsync();
        _vendor.Simulator.CompleteAt(during.VendorId, DateTimeOffset.UtcNow.AddSeconds(-1));
        await AssertUnavailableAsync(client);

        await _redis.StartAsync();
        await gateway.WaitReadyAsync();
        await _subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == during.Id && d.Type == "interview.completed"),
            TimeSpan.FromSeconds(90));
        // A fixed wait, not RedisIdleProbe: work that failed during the outage is retried on the production
        // schedules (Hangfire's and the delivery policy's, minutes ahead), so the prefix is not idle in time.
        await Task.Delay(3000);

        foreach (var id in new[] { before, during.Id })
        {
            var completed = _subscriber.Received.Where(d => d.InterviewId == id
                && d.Type == "interview.completed").ToList();
            Assert.NotEmpty(completed);
            Assert.Single(completed.Select(d => d.WebhookId).Distinct());
            Assert.All(completed, d => Assert.True(d.SignatureValid));
        }

        // Requests during the outage were answered, not failed: no request logged an error.
        Assert.DoesNotContain(gateway.Output, l => l.StartsWith("fail: InterviewGateway.Api", StringComparison.Ordinal)
            || l.StartsWith("fail: Microsoft.AspNetCore.Server", StringComparison.Ordinal)
            || l.StartsWith("fail: Microsoft.AspNetCore.Diagnostics", StringComparison.Ordinal));
    }

    private static async Task AssertUnavailableAsync(HttpClient client)
    {
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        foreach (var path in new[] { "/v1/interviews", "/v1/events", "/v1/subscriptions" })
        {
            using var response = await client.GetAsync(path);
            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"{path} answered 503 without Retry-After");
        }
    }

    private async Task<(string Id, long VendorId)> CreateAsync(HttpClient client)
    {
        var created = await client.CreateInterviewAsync();
        return (created.GetProperty("id").GetString()!,
            long.Parse(created.GetProperty("vendor_interview_id").GetString()!, CultureInfo.InvariantCulture));
    }

    private async Task<string> CreateCompletedAsync(HttpClient client)
    {
        var (id, vendorId) = await CreateAsync(client);
        _vendor.Simulator.CompleteAt(vendorId, DateTimeOffset.UtcNow.AddSeconds(-1));
        return id;
    }

    private Dictionary<string, string> Settings() => new(_vendor.GatewaySettings(requestsPerMinute: 600))
    {
        ["ConnectionStrings:Redis"] = _redis.ConnectionString,
        ["Delivery:RetrySchedule:0"] = "00:00:02",
        ["Hangfire:SchedulePollingInterval"] = "00:00:01",
        ["Events:OutboxInterval"] = "00:00:01",
        ["Events:OutboxGrace"] = "00:00:02",
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:AllowInsecureUrls"] = "true",
    };
}
