using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewGateway.Inbound;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors.InstaView;
using InterviewGateway.Vendors.UserJourneys;
using InterviewGateway.Vendors.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using InterviewGateway.Vendors.UserJourneys.Simulator;

namespace InterviewGateway.IntegrationTests.Inbound;

/// The anonymous webhook door (issue 17, item 8): what a sender chooses never becomes an unbounded key,
/// only signed content identifies a delivery, and one address cannot flood the door.
[Collection(GatewayCollection.Name)]
public sealed class InboundHardeningTests(GatewayFactory factory) : GatewayTest(factory)
{
    private IDatabase Db => Factory.Redis.Connection.GetDatabase();

    protected override Task CleanUpAsync()
    {
        Factory.ConfigureInbound(null);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_instaview_delivery_id_is_hashed_into_the_dedupe_key_and_an_over_long_one_is_refused()
    {
        var simulator = Factory.InstaViewSendingToHost();
        var id = simulator.Seed(status: "COMPLETED");
        var huge = new string('x', 100_000);

        var (refused, _) = await simulator.SendWebhookAsync(id, deliveryId: huge);
        Assert.Equal(400, refused);
        var (accepted, _) = await simulator.SendWebhookAsync(id, deliveryId: $"dlv-{id}");
        Assert.Equal(202, accepted);

        var marks = await MarksAsync("instaview");
        Assert.DoesNotContain(marks, k => k.Contains("xxxxxxxx", StringComparison.Ordinal));
        Assert.DoesNotContain(marks, k => k.Contains($"dlv-{id}", StringComparison.Ordinal));
        var prefix = new RedisKeys(Factory.KeyPrefix).VendorWebhookSeen("instaview", id, "");
        Assert.Contains(prefix + InboundWebhooks.DeliveryHash($"dlv-{id}"), marks);
        Assert.All(marks, k => Assert.Equal(64, k.Length - k.LastIndexOf(':') - 1));
        await Factory.WaitUntilIdleAsync();
    }

    [Fact]
    public async Task A_userjourneys_replay_with_another_unsigned_event_header_is_a_duplicate()
    {
        var simulator = Factory.Services.GetRequiredService<UserJourneysSimulator>();
        var id = simulator.Respond(Guid.NewGuid().ToString(), null);
        await simulator.CompleteAsync(id, sendWebhook: false, CancellationToken.None);
        // A body that names no event: the header would be the only thing telling two deliveries apart.
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["interview_id"] = id });
        var signature = "sha256=" + WebhookSignatures.SignHex(simulator.SigningSecret, body);

        var first = await PostUserJourneysAsync(body, signature, "interview.completed");
        var replay = await PostUserJourneysAsync(body, signature, "interview.something_else");

        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(replay.GetProperty("duplicate").GetBoolean());
        await Factory.WaitUntilIdleAsync();
        Factory.Logs.AssertNoWarningsOrErrors();
    }

    [Fact]
    public async Task One_address_over_its_rate_gets_429_problem_with_retry_after_and_another_address_does_not()
    {
        Factory.ConfigureInbound(o => (o.Burst, o.RequestsPerSecond) = (3, 1));
        var flooding = IPAddress.Parse($"198.51.100.{Random.Shared.Next(1, 250)}");
        var other = IPAddress.Parse($"203.0.113.{Random.Shared.Next(1, 250)}");

        var answers = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add((await PostFromAsync(flooding)).Status);
        }

        // Unauthenticated pings: the burst reaches verification (401), then the limit answers first (a
        // refill of one a second may let one more through).
        Assert.Equal([401, 401, 401], answers[..3]);
        Assert.True(answers.Count(a => a == 429) >= 6, string.Join(", ", answers));
        var limited = await PostFromAsync(flooding);
        Assert.Equal(429, limited.Status);
        Assert.Equal("application/problem+json", limited.ContentType?.Split(';')[0]);
        Assert.True(int.Parse(limited.RetryAfter, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        using (var problem = JsonDocument.Parse(limited.Body))
        {
            Assert.Equal("https://interviewgateway.dev/problems/rate-limited",
                problem.RootElement.GetProperty("type").GetString());
        }

        Assert.Equal(401, (await PostFromAsync(other)).Status);
    }

    private async Task<HashSet<string>> MarksAsync(string vendor)
    {
        // Marks live in their follow-up's partition (any tag after the prefix).
        var pattern = $"{Factory.KeyPrefix}{{*}}:vendor-webhook:{vendor}:*";
        var server = Factory.Redis.Connection.GetServers()[0];
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1000))
        {
            keys.Add(key!);
        }

        await Db.PingAsync();
        return keys;
    }

    private async Task<JsonElement> PostUserJourneysAsync(byte[] body, string signature, string eventHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/vendor-webhooks/userjourneys")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.TryAddWithoutValidation(UserJourneysWebhookReceiver.SignatureHeader, signature);
        request.Headers.TryAddWithoutValidation(UserJourneysWebhookReceiver.EventHeader, eventHeader);
        using var response = await Factory.Server.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// TestServer sets no remote address; this sets one, as Kestrel would.
    private async Task<(int Status, string RetryAfter, string? ContentType, string Body)> PostFromAsync(
        IPAddress address)
    {
        var context = await Factory.Server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = address;
            context.Request.Method = "POST";
            context.Request.Path = "/v1/vendor-webhooks/instaview";
            context.Request.ContentType = "application/json";
            context.Request.Headers[InstaViewWebhookReceiver.TokenHeader] = "not-the-token";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"event":"ping"}"""));
        });
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString(),
            context.Response.ContentType, await reader.ReadToEndAsync());
    }
}
