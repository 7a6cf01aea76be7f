using System.Globalization;
using System.Net;
using System.Text.Json;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Processes;

/// Restarts and several instances, with the built gateway as real processes on one real Redis.
public sealed class ProcessTests(RedisServerFixture redis) : ProcessContract(redis), IClassFixture<RedisServerFixture>;

/// The same on a 3-primary Redis Cluster (issue 21), configured as an operator would: every node named.
public sealed class ProcessOnClusterTests(RedisClusterFixture cluster)
    : ProcessContract(cluster), IClassFixture<RedisClusterFixture>;

public abstract class ProcessContract : IAsyncLifetime
{
    private readonly IRedisFixture _redis;
    private readonly string _prefix = $"igw-proc-{Guid.NewGuid():N}:";
    private StandaloneHindsight _vendor = null!;
    private TestSubscriber _subscriber = null!;

    private protected ProcessContract(IRedisFixture redis) => _redis = redis;

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
    public async Task An_event_detected_before_a_restart_is_delivered_once_by_the_next_process()
    {
        _subscriber.Answer(500);
        string interviewId;
        await using (var first = await StartGatewayAsync())
        {
            using var client = first.CreateClient();
            await SubscribeAsync(client);
            interviewId = await CreateCompletedAsync(client);
            await client.GetAsync($"/v1/interviews/{interviewId}?refresh=true");
            await _subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == interviewId));
            await WaitForScheduledRetryAsync(client); // the failed attempt is recorded and its retry scheduled
            first.Kill(); // the retry is only scheduled, in Redis
        }

        await using var second = await StartGatewayAsync();
        // A process killed mid-poll can leave Hangfire's scheduler lock behind; it expires within a minute.
        await _subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == interviewId && d.AnsweredStatus == 200),
            TimeSpan.FromSeconds(90));
        await new RedisIdleProbe(_redis.Connection, _prefix).WaitUntilIdleAsync(); // a third attempt was sent by now
        var deliveries = _subscriber.Received.Where(d => d.InterviewId == interviewId).ToList();
        Assert.Equal([500, 200], deliveries.Select(d => d.AnsweredStatus));
        Assert.Single(deliveries.Select(d => d.WebhookId).Distinct());
        Assert.All(deliveries,
            d => Assert.True(d.SignatureValid, "the second process signs with the secret the first stored"));
        second.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task Two_processes_polling_and_refreshing_the_same_interviews_emit_one_event_per_completion()
    {
        await using var a = await StartGatewayAsync();
        await using var b = await StartGatewayAsync();
        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();
        await SubscribeAsync(clientA);

        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await CreateCompletedAsync(i % 2 == 0 ? clientA : clientB));
        }

        // Both instances poll every second, and callers refresh on both at once.
        await Task
            .WhenAll(ids.SelectMany(id =>
            new[] { clientA, clientB, clientA, clientB }.Select(c => c.GetAsync($"/v1/interviews/{id}?refresh=true"))));
        await _subscriber.WaitForAsync(r =>
            ids.All(id => r.Any(d => d.InterviewId == id && d.Type == "interview.completed")));
        await new RedisIdleProbe(_redis.Connection, _prefix).WaitUntilIdleAsync(); // a duplicate was sent by now

        foreach (var id in ids)
        {
            Assert.Single(_subscriber.Received, d => d.InterviewId == id && d.Type == "interview.completed");
            using var events = await clientB.GetAsync($"/v1/events?interview_id={id}&type=interview.completed");
            Assert.Equal(1, (await events.ReadJsonAsync()).GetProperty("data").GetArrayLength());
        }

        Assert.DoesNotContain(_vendor.Simulator.Requests.Snapshot(), r => r.Status == 429);
        Assert.True(_vendor.Simulator.Requests.MaxInAnyWindow(TimeSpan.FromMinutes(1)) <= 600,
            "the shared budget held across both instances");
        a.AssertNoWarningsOrErrors();
        b.AssertNoWarningsOrErrors();
    }

    /// A short delivery timeout, so the takeover after a kill is due within seconds, not 40.
    private static readonly Dictionary<string, string> CrashSettings = new()
    {
        ["Delivery:Timeout"] = "00:00:05",
        ["Delivery:ClaimAbandonedAfter"] = "00:00:10",
    };

    /// An instance killed in the middle of a delivery: the next instance takes the unfinished delivery over
    /// once it has sat idle for Delivery:ClaimAbandonedAfter, within a minute, not after Hangfire's 5 minutes.
    [Fact]
    public async Task A_delivery_in_flight_when_its_instance_is_killed_is_sent_again_by_another_instance()
    {
        _subscriber.Delay = TimeSpan.FromSeconds(3); // the request is still in flight when the instance dies
        string interviewId;
        await using (var first = await StartGatewayAsync(CrashSettings))
        {
            using var client = first.CreateClient();
            await client.SubscribeAsync(_subscriber);
            var created = await client.CreateInterviewAsync();
            _vendor.Simulator.CompleteAt(long.Parse(created.GetProperty("vendor_interview_id").GetString()!,
                CultureInfo.InvariantCulture),
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

        await using var second = await StartGatewayAsync(CrashSettings);
        // The dead instance's request was cut off (the receiver never finished reading it); the delivery
        // that arrives is the one the second instance sends after taking the message over.
        var received = await _subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == interviewId),
            TimeSpan.FromSeconds(60));
        Assert.Equal(2, _subscriber.Arrived);
        var deliveries = received.Where(d => d.InterviewId == interviewId).ToList();
        Assert.Single(deliveries.Select(d => d.WebhookId).Distinct());
        Assert.All(deliveries, d => Assert.True(d.SignatureValid && StandardWebhooksCheck.Verifies(_subscriber.Secret!,
            d)));
        second.AssertNoWarningsOrErrors();
    }

    private static async Task WaitForScheduledRetryAsync(HttpClient client)
    {
        var subscription =
            (await client.GetOkAsync("/v1/subscriptions")).GetProperty("data")[0].GetProperty("id").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await client.GetOkAsync($"/v1/subscriptions/{subscription}/deliveries?status=pending"))
            .GetProperty("data").EnumerateArray().Any())
        {
            Assert.True(DateTime.UtcNow < deadline, "the first attempt was never recorded as pending");
            await Task.Delay(100);
        }
    }

    private Task<GatewayProcess> StartGatewayAsync(IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>(_vendor.GatewaySettings(requestsPerMinute: 600))
        {
            ["ConnectionStrings:Redis"] = _redis.ConnectionString,
            ["Redis:KeyPrefix"] = _prefix,
            ["Delivery:RetrySchedule:0"] = "00:00:03",
            ["Hangfire:SchedulePollingInterval"] = "00:00:01",
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:AllowInsecureUrls"] = "true",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return GatewayProcess.StartAsync(settings);
    }

    private async Task SubscribeAsync(HttpClient client)
    {
        await client.SubscribeAsync(_subscriber);
    }

    private async Task<string> CreateCompletedAsync(HttpClient client)
    {
        var created = await client.CreateInterviewAsync();
        _vendor.Simulator
            .CompleteAt(long.Parse(created.GetProperty("vendor_interview_id").GetString()!,
            CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddSeconds(-1));
        Assert.Equal(JsonValueKind.String, created.GetProperty("id").ValueKind);
        return created.GetProperty("id").GetString()!;
    }
}
