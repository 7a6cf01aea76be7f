using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Inbound;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors.UserJourneys;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using InterviewGateway.Vendors.UserJourneys.Simulator;

namespace InterviewGateway.IntegrationTests.Inbound;

/// Issue 17 item 7: a vendor never resends a delivery it saw answered 202, so 202 waits until Redis has
/// made the accept durable (WAIT for a replica here, WAITAOF for the local AOF), else 503 + Retry-After.
[Collection(GatewayCollection.Name)]
public sealed class DurableAcceptTests(GatewayFactory factory) : GatewayTest(factory)
{
    private UserJourneysSimulator Simulator => Factory.Services.GetRequiredService<UserJourneysSimulator>();

    protected override Task CleanUpAsync()
    {
        Factory.ConfigureInbound(null);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Without_a_replica_to_confirm_it_a_webhook_is_refused_503_and_the_retry_is_accepted_once_one_does()
    {
        Factory.ConfigureInbound(o =>
            (o.Durability, o.DurabilityReplicas, o.DurabilityTimeout) =
            (AcceptDurability.Replicas, 1, TimeSpan.FromMilliseconds(300)));
        var id = Simulator.Respond(Guid.NewGuid().ToString(), null);
        await Simulator.CompleteAsync(id, sendWebhook: false, CancellationToken.None);

        using (var refused = await PostAsync(id))
        {
            await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
            Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString(), CultureInfo.InvariantCulture) >= 1);
        }

        await using var replica = RedisServerFixture.With("--replicaof", "127.0.0.1",
            Factory.Redis.Endpoint.Split(':')[1]);
        await replica.InitializeAsync();
        await WaitForReplicaAsync(replica.Connection);
        var waitsBefore = await WaitCallsAsync();

        // The vendor's retry, and a burst of its replays at once: one WAIT round answers many accepts.
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var response = await PostAsync(id);
            return response.StatusCode;
        }));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a));
        Assert.InRange(await WaitCallsAsync() - waitsBefore, 1, 39);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await Client.GetOkAsync($"/v1/events?type=interview.completed&interview_id=userjourneys_{id}"))
            .GetProperty("data").GetArrayLength() != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the accepted webhook was never followed up");
            await Task.Delay(100);
        }

        Assert.Equal([6120], Factory.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => e.EventId.Id));
        Assert.Contains(Factory.Logs.Entries, e => e.EventId.Id == 6121);
    }

    [Fact]
    public async Task With_the_local_aof_off_a_webhook_is_refused_503_rather_than_answered_on_faith()
    {
        // The shared Redis runs with appendonly no: WAITAOF cannot confirm anything (Redis before 7.2 does not
        // know the command at all); either way the answer is 503, never 202.
        Factory.ConfigureInbound(o => o.Durability = AcceptDurability.LocalAof);
        var id = Simulator.Respond(Guid.NewGuid().ToString(), null);

        using var refused = await PostAsync(id);

        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        Factory.ConfigureInbound(null);
        using var accepted = await PostAsync(id);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await Factory.WaitUntilIdleAsync();
    }

    private async Task<HttpResponseMessage> PostAsync(string id)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new JsonObject { ["event"] = "interview.completed", ["interview_id"] = id });
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/vendor-webhooks/userjourneys")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.TryAddWithoutValidation(UserJourneysWebhookReceiver.SignatureHeader,
            "sha256=" + WebhookSignatures.SignHex(Simulator.SigningSecret, body));
        return await Factory.Server.CreateClient().SendAsync(request);
    }

    private static async Task WaitForReplicaAsync(IConnectionMultiplexer replica)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await InfoAsync(replica, "replication")).Contains("master_link_status:up", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the replica did not sync");
            await Task.Delay(100);
        }
    }

    private async Task<long> WaitCallsAsync()
    {
        var line = (await InfoAsync(Factory.Redis.Connection, "commandstats")).Split('\n')
            .FirstOrDefault(l => l.StartsWith("cmdstat_wait:", StringComparison.Ordinal));
        return line is null ? 0
            : long.Parse(line.Split(',')[0]["cmdstat_wait:calls=".Length..], CultureInfo.InvariantCulture);
    }

    private static async Task<string> InfoAsync(IConnectionMultiplexer redis, string section) =>
        (string)(await redis.GetDatabase().ExecuteAsync("INFO", section))!;
}
