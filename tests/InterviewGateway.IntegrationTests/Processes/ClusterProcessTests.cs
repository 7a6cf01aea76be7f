using System.Globalization;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Processes;

/// Issue 21: the built gateway on a 3-primary Redis Cluster, configured as an operator would (a
/// connection string naming every node): Hangfire starts and registers its recurring jobs, and a
/// subscription, an interview and its signed delivery all work. Any cross-slot command fails the
/// request or logs an error, which fails the test.
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterProcessTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private readonly string _prefix = $"igw-cluster-{Guid.NewGuid():N}:";
    private StandaloneHindsight _vendor = null!;
    private TestSubscriber _subscriber = null!;

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
    public async Task The_gateway_subscribes_creates_and_delivers_on_a_cluster_with_hangfire_running()
    {
        var settings = new Dictionary<string, string>(_vendor.GatewaySettings(requestsPerMinute: 600))
        {
            ["ConnectionStrings:Redis"] = cluster.ConnectionString,
            ["Redis:KeyPrefix"] = _prefix,
            ["Hangfire:SchedulePollingInterval"] = "00:00:01",
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:AllowInsecureUrls"] = "true",
        };
        await using var gateway = await GatewayProcess.StartAsync(settings);
        using var client = gateway.CreateClient();

        await client.SubscribeAsync(_subscriber);
        var created = await client.CreateInterviewAsync();
        var id = created.GetProperty("id").GetString()!;
        _vendor.Simulator.CompleteAt(long.Parse(created.GetProperty("vendor_interview_id").GetString()!,
            CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddSeconds(-1));
        await client.GetAsync($"/v1/interviews/{id}?refresh=true");

        await _subscriber.WaitForAsync(r => r.Any(d => d.InterviewId == id && d.Type == "interview.completed"));
        var delivery = _subscriber.Received.First(d => d.InterviewId == id && d.Type == "interview.completed");
        Assert.True(delivery.SignatureValid);
        var recurring = $"{new RedisKeys(_prefix).HangfirePrefix}recurring-jobs";
        Assert.True(await cluster.Connection.GetDatabase().KeyExistsAsync(recurring),
            "Hangfire registered no recurring job");
        gateway.AssertNoWarningsOrErrors();
    }
}
