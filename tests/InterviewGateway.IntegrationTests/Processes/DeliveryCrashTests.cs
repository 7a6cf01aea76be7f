using System.Globalization;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Processes;

/// An instance killed in the middle of a delivery: the next instance takes the unfinished delivery over
/// once it has sat idle for Delivery:ClaimAbandonedAfter, within a minute, not after Hangfire's 5 minutes.
public sealed class DeliveryCrashTests : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private readonly RedisServerFixture _redis;
    private readonly string _prefix = $"igw-crash-{Guid.NewGuid():N}:";
    private StandaloneHindsight _vendor = null!;
    private TestSubscriber _subscriber = null!;

    public DeliveryCrashTests(RedisServerFixture redis) => _redis = redis;

    public async Task InitializeAsync()
    {
        _vendor = await StandaloneHindsight.StartAsync(requestsPerMinute: 600);
        _subscriber = await TestSubscriber.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        await _vendor.DisposeAsync();
    }

    [Fact]
    public async Task A_delivery_in_flight_when_its_instance_is_killed_is_sent_again_by_another_instance()
    {
        _subscriber.Delay = TimeSpan.FromSeconds(3); // the request is still in flight when the instance dies
        string interviewId;
        await using (var first = await StartGatewayAsync())
        {
            using var client = first.CreateClient();
            await client.SubscribeAsync(_subscriber);
            var created = await client.CreateInterviewAsync();
            _vendor.Simulator.CompleteAt(long.Parse(created.GetProperty("vendor_interview_id").GetString()!, CultureInfo.InvariantCulture),
                DateTimeOffset.UtcNow.AddSeconds(-1));
            interviewId = created.GetProperty("id").GetString()!;
            await client.GetAsync($"/v1/interviews/{interviewId}?refresh=true");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (_subscriber.Arrived == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the delivery never started");
                await Task.Delay(20);
            }

            first.Kill(); // mid-request: the attempt is neither recorded nor acknowledged
        }

        await using var second = await StartGatewayAsync();
        // The dead instance's request was cut off (the receiver never finished reading it); the delivery
        // that arrives is the one the second instance sends after taking the message over.
        var received = await _subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == interviewId), TimeSpan.FromSeconds(60));
        Assert.Equal(2, _subscriber.Arrived);
        var deliveries = received.Where(d => d.InterviewId == interviewId).ToList();
        Assert.Single(deliveries.Select(d => d.WebhookId).Distinct());
        Assert.All(deliveries, d => Assert.True(d.SignatureValid && StandardWebhooksCheck.Verifies(_subscriber.Secret!, d)));
        second.AssertNoWarningsOrErrors();
    }

    private Task<GatewayProcess> StartGatewayAsync() => GatewayProcess.StartAsync(new Dictionary<string, string>
    {
        ["ConnectionStrings:Redis"] = _redis.ConnectionString,
        ["Redis:KeyPrefix"] = _prefix,
        ["Vendors:Hindsight:BaseUrl"] = _vendor.BaseUrl,
        ["Vendors:Hindsight:ApiKey"] = "sandbox_hindsight_key",
        ["Vendors:Hindsight:RequestsPerMinute"] = "600",
        ["Delivery:Timeout"] = "00:00:05",
        ["Delivery:ClaimAbandonedAfter"] = "00:00:10",
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:AllowInsecureUrls"] = "true",
    });
}
